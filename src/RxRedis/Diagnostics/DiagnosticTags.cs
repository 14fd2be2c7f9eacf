namespace RxRedis.Diagnostics;

/// <summary>
/// Attribute names and values: the OpenTelemetry database conventions for Redis
/// (https://opentelemetry.io/docs/specs/semconv/database/redis/) plus <c>rxredis.outcome</c> on metrics.
/// </summary>
internal static class DiagnosticTags
{
    public const string DbSystemName = "db.system.name";

    // The name before semantic conventions 1.26; older backends still group by it.
    public const string DbSystem = "db.system";

    public const string Redis = "redis";

    public const string OperationName = "db.operation.name";

    public const string Namespace = "db.namespace";

    public const string BatchSize = "db.operation.batch.size";

    public const string ResponseStatusCode = "db.response.status_code";

    public const string ServerAddress = "server.address";

    public const string ServerPort = "server.port";

    public const string ErrorType = "error.type";

    public const string Outcome = "rxredis.outcome";

    public const string CommandOutcome = "rxredis.command_outcome";

    // Every batch written by RedisClient.Pipeline is one operation under this name.
    public const string PipelineOperation = "PIPELINE";
}
