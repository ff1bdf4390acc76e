package io.orderflow.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.Source;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.SubjectTransform;
import io.orderflow.jetstream.JetStreamConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates, at start-up, the streams, the audit stream that sources them and the KV buckets,
 * from configuration. The audit stream renames each event as it sources it, from
 * {@code <stream prefix>.<step>.<order id>} to {@code audit.<order id>.<stream prefix>.<step>}, so an
 * order's whole history is one subject filter ({@link #auditFilter}) with no second copy of any event.
 * Running it again with the same settings changes nothing, so every replica may.
 * Durable consumers are created by the {@code jetstream:} endpoints that use them.
 */
public class JetStreamTopology {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamTopology.class);
    /** JetStream's "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;
    private static final String AUDIT_SUBJECT_PREFIX = "audit";
    private boolean declaring = true;

    private final JetStreamConnection connection;
    private Map<String, String> streams = Map.of();
    private String auditStream = "AUDIT";
    private List<String> auditSources = List.of();
    private List<String> buckets = List.of();
    private Duration maxAge = Duration.ofDays(7);
    private String deadLetterStream;
    private long deadLetterMaxBytes = 1L << 30;
    private Duration duplicateWindow = Duration.ofMinutes(2);
    private int replicas = 1;

    public JetStreamTopology(JetStreamConnection connection) {
        this.connection = connection;
    }

    /** Streams as {@code NAME=subject,subject;NAME=subject}. */
    public void setStreams(String spec) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String entry : spec.split(";")) {
            String[] nameAndSubjects = entry.trim().split("=", 2);
            if (nameAndSubjects.length != 2 || nameAndSubjects[0].isBlank() || nameAndSubjects[1].isBlank()) {
                throw new IllegalArgumentException("orderflow.jetstream.streams: '" + entry
                        + "' is not NAME=subject[,subject]; e.g. ORDERS=orders.>");
            }
            parsed.put(nameAndSubjects[0].trim(), nameAndSubjects[1].trim());
        }
        streams = parsed;
    }

    public void setAuditStream(String auditStream) {
        this.auditStream = auditStream;
    }

    /** The subject filter under which the audit stream holds every event of an order. */
    public static String auditFilter(String orderId) {
        return AUDIT_SUBJECT_PREFIX + "." + orderId + ".>";
    }

    public void setAuditSources(String names) {
        auditSources = List.of(names.split("\\s*,\\s*"));
    }

    public void setBuckets(String names) {
        buckets = List.of(names.split("\\s*,\\s*"));
    }

    /**
     * The stream of dead letters: it keeps them until an operator replays or deletes them (no max age), up to
     * {@link #setDeadLetterMaxBytes}; when full it refuses new ones, and their events wait in JetStream.
     */
    public void setDeadLetterStream(String deadLetterStream) {
        this.deadLetterStream = deadLetterStream;
    }

    public void setDeadLetterMaxBytes(long deadLetterMaxBytes) {
        this.deadLetterMaxBytes = deadLetterMaxBytes;
    }

    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    public void setDuplicateWindow(Duration duplicateWindow) {
        this.duplicateWindow = duplicateWindow;
    }

    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    /**
     * Declares everything; called once the connection is up. The whole declaration is asked again while it
     * times out, as a cluster that has just lost a node does until it has elected new leaders, within one
     * start-up wait (the connection's startup timeout).
     */
    public void declare() throws IOException, JetStreamApiException, InterruptedException {
        if (!declaring) {
            verify();
            return;
        }
        connection.awaitAnswer("the topology (streams and buckets)", () -> {
            declareAll();
            return null;
        });
    }

    /** Whether start-up creates and updates the topology (true), or only checks that it is there. */
    public void setDeclaring(boolean declaring) {
        this.declaring = declaring;
    }

    /**
     * For an identity that may use the streams and buckets but not declare them: fails start-up naming every
     * one that is missing, or an audit stream declared before it filed events under their order (an upgrade
     * whose topology step has not run yet: the order history would answer 404), and the step that declares them.
     */
    private void verify() throws IOException, JetStreamApiException, InterruptedException {
        List<String> missing = connection.awaitAnswer("the topology (streams and buckets)", () -> {
            List<String> absent = new ArrayList<>();
            List<String> names = new ArrayList<>(streams.keySet());
            names.add(auditStream);
            buckets.forEach(bucket -> names.add("KV_" + bucket));
            for (String name : names) {
                try {
                    StreamConfiguration declared = connection.management().getStreamInfo(name).getConfiguration();
                    if (name.equals(auditStream) && !filesEventsUnderTheirOrder(declared)) {
                        absent.add("the subject transforms of stream " + name + "'s sources");
                    }
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                        throw e;
                    }
                    absent.add(name.startsWith("KV_") ? "bucket " + name.substring(3) : "stream " + name);
                }
            }
            return absent;
        });
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The JetStream topology is incomplete: " + String.join(", ", missing) + " missing."
                    + " This process only checks for it (NATS_DECLARE_TOPOLOGY=false): declare it first (./orderflow topology,"
                    + " or the topology Job)");
        }
        LOG.info("The JetStream topology is in place: {} streams and {} buckets", streams.size() + 1, buckets.size());
    }

    private boolean filesEventsUnderTheirOrder(StreamConfiguration declared) {
        Map<String, List<SubjectTransform>> sources = new LinkedHashMap<>();
        declared.getSources().forEach(source -> sources.put(source.getSourceName(), source.getSubjectTransforms()));
        return auditSources.stream().allMatch(source -> auditTransforms(source).equals(sources.get(source)));
    }

    private void declareAll() throws IOException, JetStreamApiException {
        JetStreamManagement management = connection.management();
        for (Map.Entry<String, String> stream : streams.entrySet()) {
            StreamConfiguration.Builder config = base(stream.getKey()).subjects(stream.getValue().split("\\s*,\\s*"));
            if (stream.getKey().equals(deadLetterStream)) {
                config.maxAge(Duration.ZERO).maxBytes(deadLetterMaxBytes).discardPolicy(DiscardPolicy.New);
            }
            apply(management, config.build());
        }
        List<Source> sources = new ArrayList<>();
        for (String source : auditSources) {
            sources.add(Source.builder().sourceName(source).subjectTransforms(auditTransforms(source)).build());
        }
        apply(management, base(auditStream).sources(sources).build());
        KeyValueManagement kvm = connection.connection().keyValueManagement();
        for (String bucket : buckets) {
            apply(kvm, KeyValueConfiguration.builder()
                    .name(bucket).storageType(StorageType.File).replicas(replicas).maxHistoryPerKey(1).build());
        }
    }

    /**
     * Every subject {@code P.>} of an event stream becomes {@code P.*.*} (step, order id) moved under the order:
     * sourcing only what has that shape also keeps a message outside the event contract out of the audit.
     */
    private List<SubjectTransform> auditTransforms(String source) {
        String subjects = streams.get(source);
        if (subjects == null) {
            throw new IllegalArgumentException("orderflow.jetstream.audit-sources: " + source
                    + " is not one of the streams in orderflow.jetstream.streams");
        }
        List<SubjectTransform> transforms = new ArrayList<>();
        for (String subject : subjects.split("\\s*,\\s*")) {
            if (!subject.endsWith(".>")) {
                throw new IllegalArgumentException("orderflow.jetstream.streams: the audit sources " + source
                        + ", whose subject " + subject + " is not <prefix>.> (events are <prefix>.<step>.<order id>)");
            }
            String prefix = subject.substring(0, subject.length() - 2);
            transforms.add(SubjectTransform.builder().source(prefix + ".*.*")
                    .destination(AUDIT_SUBJECT_PREFIX + ".{{wildcard(2)}}." + prefix + ".{{wildcard(1)}}").build());
        }
        return transforms;
    }

    private static Void apply(KeyValueManagement kvm, KeyValueConfiguration config) throws IOException, JetStreamApiException {
        try {
            kvm.getStatus(config.getBucketName());
            kvm.update(config);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            kvm.create(config);
            LOG.info("Created KV bucket {}", config.getBucketName());
        }
        return null;
    }

    private StreamConfiguration.Builder base(String name) {
        return StreamConfiguration.builder()
                .name(name)
                .storageType(StorageType.File)
                .maxAge(maxAge)
                // an order is read by subject (OrderEvents): direct gets are served without the JetStream API queue
                .allowDirect(true)
                .duplicateWindow(duplicateWindow)
                .replicas(replicas);
    }

    private static Void apply(JetStreamManagement management, StreamConfiguration config)
            throws IOException, JetStreamApiException {
        try {
            management.getStreamInfo(config.getName());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            management.addStream(config);
            LOG.info("Created stream {} {}", config.getName(), config.getSubjects());
            return null;
        }
        management.updateStream(config);
        return null;
    }
}
