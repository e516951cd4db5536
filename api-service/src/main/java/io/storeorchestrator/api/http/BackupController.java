package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.backup.BackupKind;
import io.storeorchestrator.api.backup.BackupRepository;
import io.storeorchestrator.api.backup.BackupRow;
import io.storeorchestrator.api.backup.BackupService;
import io.storeorchestrator.api.backup.BackupStatus;
import io.storeorchestrator.api.error.ErrorBody;
import io.storeorchestrator.api.idempotency.Idempotency;
import io.storeorchestrator.api.store.StoreRepository;
import io.storeorchestrator.api.store.StoreRow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A store's backups and its restore from one. Within the caller's scope: another tenant's store is 404 NOT_FOUND.
 * No response carries a credential or an object storage key: a backup is its id, status, size and times.
 */
@Controller("/api/v1/stores")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Backups", description = "A store's database backups in object storage, and its restore from one")
@GuardedApi
public class BackupController {

    private final BackupService service;
    private final BackupRepository backups;
    private final StoreRepository stores;
    private final ObjectReader json;
    private final ApiConfig config;
    private final Idempotency idempotency;

    public BackupController(BackupService service, BackupRepository backups, StoreRepository stores,
                            ObjectMapper json, ApiConfig config, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.service = service;
        this.backups = backups;
        this.stores = stores;
        this.json = CreateStoreRequest.reader(json);
        this.config = config;
    }

    /** One backup, as the API shows it. */
    @Schema(name = "Backup")
    public record BackupView(@Schema(format = "uuid") UUID id, BackupKind kind, BackupStatus status,
                             @Schema(description = "Bytes in object storage, once SUCCEEDED") @Nullable Long sizeBytes,
                             Instant createdAt, @Nullable Instant finishedAt,
                             @Schema(description = "Why it FAILED") @Nullable String reason) {
        static BackupView of(BackupRow row) {
            return new BackupView(row.id(), row.kind(), row.status(), row.sizeBytes(), row.createdAt(),
                    row.finishedAt(), row.reason());
        }
    }

    @Schema(name = "BackupList")
    public record BackupList(List<BackupView> items) {
    }

    @Post("/{id}/backups")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Back a READY store up", description = "A Job dumps its database to object storage while "
            + "it keeps serving; no body.", parameters = @Parameter(name = Idempotency.HEADER, in = ParameterIn.HEADER,
            description = StoreController.IDEMPOTENCY, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "202", description = "The backup, RUNNING; Location: the store's backups",
            content = @Content(schema = @Schema(implementation = BackupView.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such store, or not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: a malformed Idempotency-Key",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "INVALID_STATE_TRANSITION unless READY, BACKUPS_NOT_CONFIGURED",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED with another request",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> backup(HttpRequest<?> request, @PathVariable String id,
                                  @Parameter(hidden = true) Caller caller) {
        return idempotency.run(caller, request, null, () -> {
            UUID storeId = QueryParams.storeId(id);
            BackupRow backup = service.backup(storeId, caller);
            return HttpResponse.accepted(URI.create("/api/v1/stores/" + storeId + "/backups"))
                    .body(BackupView.of(backup));
        });
    }

    @Get("/{id}/backups")
    @Operation(summary = "A store's backups, newest first")
    @ApiResponse(responseCode = "200", description = "The backups",
            content = @Content(schema = @Schema(implementation = BackupList.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such store, or not the caller's",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public BackupList list(@PathVariable String id, @Parameter(hidden = true) Caller caller) {
        UUID storeId = QueryParams.storeId(id);
        StoreRow store = caller.scope().require(stores.findById(storeId), storeId);
        return new BackupList(backups.ofStore(store.id()).stream().map(BackupView::of).toList());
    }

    @Post("/{id}/restore")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restore a READY store from one of its backups", description = "RESTORING, then READY: "
            + "restored, or put back as it was (statusReason says why).", parameters = @Parameter(
            name = Idempotency.HEADER, in = ParameterIn.HEADER, description = StoreController.IDEMPOTENCY,
            schema = @Schema(type = "string")))
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RestoreRequest.class)))
    @ApiResponse(responseCode = "202", description = "The store, RESTORING, generation + 1",
            content = @Content(schema = @Schema(implementation = StoreView.class)))
    @ApiResponse(responseCode = "400", description = "INVALID_JSON, VALIDATION_FAILED (also a malformed Idempotency-Key)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "NOT_FOUND (the store), BACKUP_NOT_FOUND",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "INVALID_STATE_TRANSITION unless READY, BACKUP_NOT_RESTORABLE, "
            + "BACKUPS_NOT_CONFIGURED",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @JsonBodyErrors
    @ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED with another request",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> restore(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body,
                                   @Parameter(hidden = true) Caller caller) {
        return idempotency.run(caller, request, body, () -> {
            UUID storeId = QueryParams.storeId(id);
            RestoreRequest restore = RestoreRequest.parse(body, json);
            StoreRow restoring = service.restore(storeId, restore.backup(), caller);
            return HttpResponse.accepted(URI.create("/api/v1/stores/" + storeId)).body(StoreView.of(restoring,
                    config));
        });
    }
}
