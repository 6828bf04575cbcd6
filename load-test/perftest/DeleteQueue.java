import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Deletes the durable queue a PerfTest run leaves behind (with whatever it still holds), so that a benchmark leaves
 * the broker as it found it. Run as a source file with PerfTest's jars:
 * {@code java -cp 'load-test/target/perftest/lib/*' load-test/perftest/DeleteQueue.java URI QUEUE}.
 */
public class DeleteQueue {

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(args[0]);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDelete(args[1]);
        }
    }

}
