package io.rewind.status.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.rewind.common.problem.Problem;
import io.rewind.status.AffectedComponents;
import io.rewind.status.Holdings;
import io.rewind.status.PageIndicator;
import io.rewind.status.rest.ComponentGroupResponse;
import io.rewind.status.rest.ComponentResponse;
import io.rewind.status.rest.IncidentResponse;
import io.rewind.status.rest.SubscriberResource;
import io.rewind.status.rest.TemplateResponse;

/**
 * What Jackson reads and writes in a native executable without Quarkus seeing it at build time: common's exception
 * mappers build the problem+json body, which no resource method declares (without this it is written as {@code {}});
 * Hibernate's JSON mapper stores the JSON columns' wrapper records, which only entities name; and the public v2
 * documents are serialised once into cached bytes, not returned by their resource methods. The admin lists answer a
 * page as {@code RestResponse<List<T>>}: their item types are listed too rather than left to generic-type discovery.
 */
@RegisterForReflection(targets = {
        Problem.class, Problem.FieldError.class,
        Holdings.class, Holdings.Held.class,
        AffectedComponents.class, AffectedComponents.Affected.class,
        PageIndicator.class,
        ComponentResponse.class, ComponentGroupResponse.class, IncidentResponse.class, IncidentResponse.Update.class,
        TemplateResponse.class, SubscriberResource.SubscriberResponse.class, SubscriberResource.DeliveryResponse.class },
        classNames = {
                "io.rewind.status.rest.V2Documents$V2Status",
                "io.rewind.status.rest.V2Documents$StatusBody",
                "io.rewind.status.rest.V2Documents$IncidentsBody",
                "io.rewind.status.rest.V2Documents$MaintenancesBody",
                "io.rewind.status.rest.V2Documents$SummaryBody",
                "io.rewind.status.rest.V2Documents$UptimeBody",
                "io.rewind.status.rest.V2Documents$V2Uptime",
                "io.rewind.status.rest.V2Documents$V2Day",
                "io.rewind.status.rest.V2Page",
                "io.rewind.status.rest.V2Component",
                "io.rewind.status.rest.V2Components",
                "io.rewind.status.rest.V2Incident",
                "io.rewind.status.rest.V2IncidentUpdate" })
final class NativeReflection {

    private NativeReflection() {
    }
}
