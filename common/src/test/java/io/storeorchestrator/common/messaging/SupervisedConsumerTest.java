package io.storeorchestrator.common.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SupervisedConsumerTest {

    @Test
    void theDeliveryCountIsZeroOnTheFirstDeliveryAndTheQuorumQueuesCountAfter() {
        assertThat(SupervisedConsumer.deliveryCount(delivery(null))).isZero();
        assertThat(SupervisedConsumer.deliveryCount(delivery(Map.of("other", 1)))).isZero();
        assertThat(SupervisedConsumer.deliveryCount(delivery(Map.of("x-delivery-count", 3L)))).isEqualTo(3);
        assertThat(SupervisedConsumer.deliveryCount(delivery(Map.of("x-delivery-count", 2)))).isEqualTo(2);
    }

    @Test
    void reSubscribingBacksOffExponentiallyUpToACap() {
        assertThat(SupervisedConsumer.backoff(1)).isEqualTo(SupervisedConsumer.FIRST_BACKOFF);
        assertThat(SupervisedConsumer.backoff(2)).isEqualTo(SupervisedConsumer.FIRST_BACKOFF.multipliedBy(2));
        assertThat(SupervisedConsumer.backoff(3)).isEqualTo(SupervisedConsumer.FIRST_BACKOFF.multipliedBy(4));
        assertThat(SupervisedConsumer.backoff(40)).isEqualTo(SupervisedConsumer.MAX_BACKOFF);
        assertThat(SupervisedConsumer.MAX_BACKOFF).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    private static Delivery delivery(Map<String, Object> headers) {
        return new Delivery(new Envelope(1, false, "x", "k"), new AMQP.BasicProperties.Builder().headers(headers).build(),
                new byte[0]);
    }
}
