package io.storeorchestrator.api.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.RabbitSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads test queues directly, for asserting what was published. */
public final class Queues implements AutoCloseable {

    private final RabbitConnector connector;
    private final Channel channel;

    public Queues(RabbitSettings settings) {
        connector = new RabbitConnector(settings, "api-test-reader");
        channel = connector.openChannel();
    }

    /** Takes (and acks) one message, or null when the queue is empty. */
    public GetResponse take(String queue) {
        try {
            return channel.basicGet(queue, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<GetResponse> drain(String queue) {
        List<GetResponse> all = new ArrayList<>();
        for (GetResponse message = take(queue); message != null; message = take(queue)) {
            all.add(message);
        }
        return all;
    }

    public long depth(String queue) {
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        connector.close();
    }
}
