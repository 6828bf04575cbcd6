package io.backchannel.node.web;

import java.net.SocketException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreNotReadyTests {

    @Test
    void loadingOrReadOnly_asSpringReportsThem_passesLikeAnOutage() {
        assertThat(StoreNotReady.isCauseOf(new RedisSystemException("Error in execution",
                new RedisLoadingException("LOADING Redis is loading the dataset in memory"))))
            .isTrue();
        assertThat(StoreNotReady.isCauseOf(new RedisSystemException("Error in execution",
                new RedisReadOnlyException("READONLY You can't write against a read only replica."))))
            .isTrue();
    }

    @Test
    void aConnectionLostUnderACommand_passesLikeAnOutage() {
        assertThat(StoreNotReady.isCauseOf(new RedisSystemException("Redis exception",
                new RedisException(new SocketException("Connection reset")))))
            .isTrue();
        assertThat(StoreNotReady
            .isCauseOf(new RedisSystemException("Redis exception", new RedisException("Connection closed")))).isTrue();
    }

    @Test
    void aRedisClusterBetweenPrimaries_passesLikeAnOutage() {
        assertThat(StoreNotReady.isCauseOf(new RedisSystemException("Error in execution",
                new RedisCommandExecutionException("CLUSTERDOWN The cluster is down"))))
            .isTrue();
        assertThat(StoreNotReady.isCauseOf(new RedisSystemException("Error in execution",
                new RedisCommandExecutionException("TRYAGAIN Multiple keys request during rehashing of slot"))))
            .isTrue();
        assertThat(StoreNotReady.isCauseOf(new RedisSystemException("Error in execution",
                new RedisCommandExecutionException("ERR CLUSTERDOWN is not how this starts"))))
            .isFalse();
    }

    @Test
    void otherRedisErrors_areBugs() {
        assertThat(StoreNotReady.isCauseOf(new RedisSystemException("Error in execution",
                new RedisCommandExecutionException("ERR wrong number of arguments"))))
            .isFalse();
        assertThat(StoreNotReady.isCauseOf(new IllegalStateException("no"))).isFalse();
    }

}
