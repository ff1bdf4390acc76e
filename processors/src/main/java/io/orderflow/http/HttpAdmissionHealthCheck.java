package io.orderflow.http;

import java.util.Map;
import java.util.Optional;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Not ready while HTTP requests are refused with 503: before the flows started, and while draining. It asks the
 * {@link HttpAdmission} that receives the context's events, not one handed to it: Camel JBang's {@code camel run}
 * builds the beans of a YAML file more than once, and only one of them hears that the flows started.
 */
public class HttpAdmissionHealthCheck extends AbstractHealthCheck {

    public HttpAdmissionHealthCheck() {
        super("orderflow", "http-admission");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<HttpAdmission> admission = getCamelContext().getManagementStrategy().getEventNotifiers().stream()
                .filter(HttpAdmission.class::isInstance).map(HttpAdmission.class::cast).findFirst();
        if (admission.isEmpty()) {
            builder.message("No HTTP admission among the event notifiers: requests are not guarded").up();
        } else if (admission.get().isAdmitting()) {
            builder.up();
        } else {
            builder.message("Starting or draining: HTTP requests get 503").down();
        }
    }
}
