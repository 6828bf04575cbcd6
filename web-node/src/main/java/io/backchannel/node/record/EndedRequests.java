package io.backchannel.node.record;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.schedule.FixedDelayTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Takes requests that ended out of the deadline index, many in one command a few times a
 * second instead of one command per request. Nothing depends on it being prompt: an entry
 * left behind (this node died, Redis was away) is removed when its deadline comes and its
 * record is found terminal.
 */
@Component
public class EndedRequests implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(EndedRequests.class);

    private static final int MOST_PER_COMMAND = 500;

    private final RequestRecords records;

    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();

    private final FixedDelayTimer timer;

    EndedRequests(RequestRecords records, DeadlineProperties properties) {
        this.records = records;
        this.timer = new FixedDelayTimer("ended-requests", properties.forgetInterval(), this::flush);
    }

    /** Notes that this request has ended. */
    public void add(ClientId client, CorrelationId id) {
        this.pending.add(RedisKeys.deadlineMember(client, id));
    }

    void flush() {
        List<String> batch = new ArrayList<>();
        String member;
        while ((member = this.pending.poll()) != null) {
            batch.add(member);
            if (batch.size() == MOST_PER_COMMAND) {
                forget(batch);
                batch = new ArrayList<>();
            }
        }
        forget(batch);
    }

    private void forget(List<String> batch) {
        try {
            this.records.forgetDeadlines(batch);
        }
        catch (DataAccessException ex) {
            logger.debug("Could not take {} ended requests out of the deadline index; their deadlines will: {}",
                    batch.size(), ex.getMessage());
        }
    }

    @Override
    public void start() {
        this.timer.start();
    }

    @Override
    public void stop() {
        if (this.timer.stop(true)) {
            flush();
        }
    }

    @Override
    public boolean isRunning() {
        return this.timer.isRunning();
    }

}
