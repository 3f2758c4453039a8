package dev.rolegate.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Packaged instances of the service on one database, for integration tests outside this
 * package (the fixture and process classes stay package-private): starts them, mints tokens
 * with the run's key, stops everything on close.
 */
public final class SharedDatabaseReplicas implements AutoCloseable {

    private final ReplicaFixture fixture;
    private final List<ServiceProcess> instances = new ArrayList<>();

    private SharedDatabaseReplicas(ReplicaFixture fixture) {
        this.fixture = fixture;
    }

    /** Starts {@code names.size()} instances named for their logs (target/it-logs/NAME.log). */
    public static SharedDatabaseReplicas start(List<String> names, Map<String, String> settings) throws Exception {
        SharedDatabaseReplicas replicas = new SharedDatabaseReplicas(new ReplicaFixture());
        try {
            for (String name : names) {
                replicas.instances.add(ServiceProcess.start(name, replicas.fixture.environment(settings)));
            }
        } catch (Exception | Error e) {
            replicas.close();
            throw e;
        }
        return replicas;
    }

    /** The base URI of instance {@code i}. */
    public String baseUri(int i) {
        return instances.get(i).baseUri();
    }

    /** A bearer token accepted by every instance. */
    public String token(String account, String subject, String scope) {
        return fixture.token(account, subject, scope);
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess instance : instances) {
            instance.close();
        }
        fixture.close();
    }
}
