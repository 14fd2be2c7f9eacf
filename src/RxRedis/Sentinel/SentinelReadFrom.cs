namespace RxRedis;

/// <summary>Which node of a Sentinel-monitored service a client connects to (<see cref="SentinelOptions.ReadFrom"/>).</summary>
public enum SentinelReadFrom
{
    /// <summary>The primary (<c>SENTINEL GET-MASTER-ADDR-BY-NAME</c>): reads and writes.</summary>
    Primary,

    /// <summary>
    /// A healthy replica chosen at random from <c>SENTINEL REPLICAS</c>, for read-only use: writes fail with
    /// <c>READONLY</c>, and reads may lag the primary (replication is asynchronous).
    /// </summary>
    Replica,
}
