package io.storeorchestrator.api.domain;

import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Looks for the TXT records of custom domains awaiting verification, on every API replica: each round claims the
 * domains due ({@code FOR UPDATE SKIP LOCKED}, see {@link DomainRepository#claimDue}), so replicas share them and none
 * is looked at twice at once; looks them up in parallel (virtual threads; a lookup holds no connection); and writes
 * each outcome ({@link VerificationDecision}). Durable: the schedule is the rows' {@code next_check_at}, so a restart
 * loses nothing, and a replica that dies mid-look leaves its claims to run out.
 */
@Singleton
public class DomainVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(DomainVerifier.class);
    private static final int BATCH = 50;

    private final DomainRepository domains;
    private final DomainService service;
    private final TxtResolver resolver;
    private final DomainConfig config;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock = Clock.systemUTC();

    public DomainVerifier(DomainRepository domains, DomainService service, TxtResolver resolver, DomainConfig config,
                          TransactionOperations<Connection> transactions) {
        this.domains = domains;
        this.service = service;
        this.resolver = resolver;
        this.config = config;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelay = "${api.domains.verify-poll:5s}", initialDelay = "1s")
    void scheduled() {
        try {
            verifyDue();
        } catch (RuntimeException e) {
            LOG.warn("Custom domain verification round failed; the next one tries again: {}", e.toString());
        }
    }

    /** One round. @return how many domains were looked at */
    public int verifyDue() {
        // Long enough for every lookup of the batch and the writes after it.
        Duration claim = config.dnsTimeout().multipliedBy(2).plusSeconds(30);
        List<DomainRow> due = transactions.executeWrite(status -> domains.claimDue(BATCH, claim));
        if (due.isEmpty()) {
            return 0;
        }
        try (ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = due.stream().<Future<?>>map(domain -> lookups.submit(() -> verify(domain))).toList();
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.warn("Custom domain look failed: {}", e.getCause().toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return due.size();
    }

    private void verify(DomainRow domain) {
        String name = service.txtName(domain.host());
        TxtCheck check;
        try {
            check = TxtCheck.of(name, domain.token(), resolver.txt(name));
        } catch (TxtResolver.LookupFailedException e) {
            check = new TxtCheck.LookupFailed(e.getMessage());
        }
        Instant now = clock.instant();
        switch (VerificationDecision.decide(domain, check, now, config)) {
            case VerificationDecision.Verify _ -> {
                service.verified(domain);
                LOG.info("Custom domain {} of store {} verified", domain.host(), domain.storeId());
            }
            case VerificationDecision.LookAgain again -> transactions.executeWrite(status ->
                    domains.missed(domain.id(), again.finding(), again.at()));
            case VerificationDecision.Fail fail -> {
                service.failedVerification(domain, fail.finding());
                LOG.info("Custom domain {} of store {} failed verification: {}", domain.host(), domain.storeId(),
                        fail.finding());
            }
        }
    }
}
