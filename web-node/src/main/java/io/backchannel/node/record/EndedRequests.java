package io.backchannel.node.record;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.redis.RedisKeys;
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

    private final long flushMillis;

    private volatile ScheduledExecutorService timer;

    EndedRequests(RequestRecords records, DeadlineProperties properties) {
        this.records = records;
        this.flushMillis = properties.forgetInterval().toMillis();
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
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ended-requests").factory());
        this.timer.scheduleWithFixedDelay(this::flush, this.flushMillis, this.flushMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = this.timer;
        this.timer = null;
        if (running != null) {
            running.shutdownNow();
            flush();
        }
    }

    @Override
    public boolean isRunning() {
        return this.timer != null;
    }

}
