package io.rewind.status.service;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.smallrye.mutiny.Uni;

/**
 * Invalidates the public cache after a change. Its priority puts it outside Panache's {@code @WithTransaction}
 * interceptor (200), so the cache is dropped after the commit: dropped before, a reader could cache the old state again.
 */
@ChangesPublicPage
@Interceptor
@Priority(100)
public class ChangesPublicPageInterceptor {

    private final PublicCache cache;

    public ChangesPublicPageInterceptor(PublicCache cache) {
        this.cache = cache;
    }

    @AroundInvoke
    Object invalidateAfter(InvocationContext context) throws Exception {
        Object result = context.proceed();
        if (result instanceof Uni<?> uni) {
            return uni.invoke(cache::invalidate);
        }
        cache.invalidate();
        return result;
    }
}
