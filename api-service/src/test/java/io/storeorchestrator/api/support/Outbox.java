package io.storeorchestrator.api.support;

import io.storeorchestrator.common.messaging.MessageCodec;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the commands the API wrote to its outbox, for asserting what the workers will be told. */
public final class Outbox {

    private Outbox() {
    }

    /** The store's commands, oldest first. */
    public static List<StoreCommand> commands(TestDatabase db, String storeId) {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT payload FROM outbox WHERE store_id = ? ORDER BY id")) {
            ps.setObject(1, UUID.fromString(storeId));
            List<StoreCommand> commands = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    commands.add(MessageCodec.decode(rs.getBytes(1), StoreCommand.class));
                }
            }
            return commands;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static StoreCommand last(TestDatabase db, String storeId) {
        return commands(db, storeId).getLast();
    }
}
