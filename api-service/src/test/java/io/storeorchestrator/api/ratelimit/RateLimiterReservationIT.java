package io.storeorchestrator.api.ratelimit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.storeorchestrator.common.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reserved tokens for keys with high limits, against PostgreSQL: two limiters stand for two API replicas sharing one
 * bucket. The limit must hold across them exactly as without reservations, at a fraction of the round trips.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimiterReservationIT {

    private TestDatabase db;
    private HikariDataSource pool;

    @BeforeAll
    void start() {
        db = TestDatabase.createMigrated();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
    }

    @AfterAll
    void stop() {
        pool.close();
        db.close();
    }

    @Test
    void aBusyKeySpendsReservedTokensWithoutAskingPostgresEachTime() {
        CountingDataSource counted = new CountingDataSource(pool);
        RateLimiter limiter = new RateLimiter(counted);
        int perMinute = 48_000; // reservations of up to 200 tokens
        for (int i = 0; i < 2_000; i++) {
            assertThat(limiter.take("busy", perMinute).allowed()).as("request " + i).isTrue();
        }
        // 1, 2, 4, ... 128, then 200 at a time (more only when a reservation expires half used).
        assertThat(counted.connections.get()).isBetween(10, 100);
    }

    @Test
    void twoReplicasWithReservationsAdmitNoMoreThanTheLimit() {
        RateLimiter one = new RateLimiter(pool);
        RateLimiter two = new RateLimiter(pool);
        int perMinute = 4_800; // 80 a second, reservations of up to 20
        long start = System.nanoTime();
        int allowed = 0;
        RateLimiter.Decision refused = null;
        for (int i = 0; i < 3 * perMinute && refused == null; i++) {
            RateLimiter.Decision decision = (i % 2 == 0 ? one : two).take("shared-busy", perMinute);
            if (decision.allowed()) {
                allowed++;
            } else {
                refused = decision;
            }
        }
        double refilled = perMinute / 60.0 * (System.nanoTime() - start) / 1e9;
        assertThat(refused).as("a request was refused").isNotNull();
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 60L);
        // Never more than the bucket and what it refilled while the loop ran; at most two reservations (one per
        // replica, 20 each) refused early.
        assertThat(allowed).isBetween(perMinute - 2 * 20, perMinute + (int) Math.ceil(refilled));
    }

    @Test
    void ordinaryLimitsTakeOneTokenPerRequestExactly() {
        CountingDataSource counted = new CountingDataSource(pool);
        RateLimiter limiter = new RateLimiter(counted);
        int perMinute = RateLimiter.MIN_PER_MINUTE_TO_RESERVE - 1;
        long start = System.nanoTime();
        int allowed = 0;
        for (int i = 0; i < perMinute + 10; i++) {
            allowed += limiter.take("ordinary", perMinute).allowed() ? 1 : 0;
        }
        double refilled = perMinute / 60.0 * (System.nanoTime() - start) / 1e9;
        assertThat(counted.connections.get()).isEqualTo(perMinute + 10);
        assertThat(allowed).isBetween(perMinute, perMinute + (int) Math.ceil(refilled));
    }

    @Test
    void aBusyKeyGoesThroughAtOnceWhileTheLimiterIsUnavailable() throws Exception {
        // A database of its own (the outage must not reach the other tests' pool), and a pool that, with the
        // database refusing connections, takes a second to give up on each check.
        TestDatabase down = TestDatabase.createMigrated();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(down.jdbcUrl());
        config.setUsername(down.user());
        config.setPassword(down.password());
        config.setConnectionTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource failing = new HikariDataSource(config);
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            RateLimiter limiter = new RateLimiter(failing);
            down.setAvailable(false);
            long start = System.nanoTime();
            List<Future<RateLimiter.Decision>> decisions = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                decisions.add(threads.submit(() -> limiter.take("busy-during-outage", 48_000)));
            }
            for (Future<RateLimiter.Decision> decision : decisions) {
                assertThat(decision.get().allowed()).isTrue();
            }
            // Not one failed check after another: 200 of them would take 200 s.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            down.setAvailable(true);
            down.close();
        }
    }

    /** Counts connections taken: one per upsert. */
    private static final class CountingDataSource implements DataSource {
        final AtomicInteger connections = new AtomicInteger();
        private final DataSource delegate;

        CountingDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            connections.incrementAndGet();
            return delegate.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return delegate.isWrapperFor(type);
        }
    }
}
