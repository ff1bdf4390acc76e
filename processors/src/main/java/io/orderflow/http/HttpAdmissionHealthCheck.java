package io.orderflow.http;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Not ready while HTTP requests are refused with 503: before the flows started, and while draining. */
public class HttpAdmissionHealthCheck extends AbstractHealthCheck {

    private final HttpAdmission admission;

    public HttpAdmissionHealthCheck(HttpAdmission admission) {
        super("orderflow", "http-admission");
        this.admission = admission;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (admission.isAdmitting()) {
            builder.up();
        } else {
            builder.message("Starting or draining: HTTP requests get 503").down();
        }
    }
}
