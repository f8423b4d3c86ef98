package io.rewind.executor.target;

import io.rewind.common.web.BaseUrls;
import io.rewind.executor.params.ParamReader;

/** The URLs of target specs: absolute http or https, a host, no credentials, no query or fragment ({@link BaseUrls}). */
final class Urls {

    private Urls() {
    }

    /** Reads {@code key} as such a URL, without a trailing slash; null (and an error) otherwise. */
    static String read(ParamReader spec, String key, String what) {
        String text = spec.string(key, true, false);
        if (text == null) {
            return null;
        }
        String problem = BaseUrls.baseUrlProblem(text, what);
        if (problem != null) {
            spec.error(key, problem);
            return null;
        }
        return BaseUrls.normalized(text);
    }
}
