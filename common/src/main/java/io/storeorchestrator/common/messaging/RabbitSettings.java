package io.storeorchestrator.common.messaging;

import java.time.Duration;

/**
 * How a service reaches RabbitMQ. Each service maps its own typed configuration onto this.
 *
 * @param host            broker host
 * @param port            broker port
 * @param username        user name
 * @param password        password; never logged ({@link #toString()} masks it)
 * @param virtualHost     virtual host
 * @param topologyPrefix  prefix of every exchange and queue name (see {@link Topology})
 * @param confirmTimeout  how long a publish waits for the broker's confirm
 */
public record RabbitSettings(
        String host,
        int port,
        String username,
        String password,
        String virtualHost,
        String topologyPrefix,
        Duration confirmTimeout) {

    public Topology topology() {
        return new Topology(topologyPrefix);
    }

    @Override
    public String toString() {
        return "RabbitSettings[" + username + "@" + host + ":" + port + virtualHost + ", prefix=" + topologyPrefix + "]";
    }
}
