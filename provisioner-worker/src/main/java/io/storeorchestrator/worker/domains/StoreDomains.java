package io.storeorchestrator.worker.domains;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads which custom domains a store serves (issue 11): the API's {@code store_domains} rows that are VERIFIED or
 * ACTIVE. Read when a command takes the store's lease, so every flow (provision, update, the DOMAINS command, the
 * drift check) builds the store's Ingresses from the same rows. Read only; one pooled connection per statement.
 */
@Singleton
public class StoreDomains {

    private static final Logger LOG = LoggerFactory.getLogger(StoreDomains.class);
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String SERVED = """
            SELECT host, state = 'ACTIVE' FROM store_domains
            WHERE store_id = ? AND state IN ('VERIFIED', 'ACTIVE') ORDER BY host""";

    /**
     * A custom domain the store serves.
     *
     * @param active false while a worker has not yet reported it served (VERIFIED)
     */
    public record Served(String host, boolean active) {
    }

    private final DataSource dataSource;

    public StoreDomains(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @throws SQLException when PostgreSQL cannot be asked; the caller must not take that for "no domains" (a DOMAINS
     *                      command would then remove them all)
     */
    public List<Served> served(UUID storeId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(SERVED)) {
            statement.setObject(1, storeId);
            List<Served> served = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    served.add(new Served(row.getString(1), row.getBoolean(2)));
                }
            }
            return served;
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                // An API from before custom domains still runs (its migration adds the table): no store has any.
                LOG.debug("store_domains does not exist yet: {}", e.getMessage());
                return List.of();
            }
            throw e;
        }
    }
}
