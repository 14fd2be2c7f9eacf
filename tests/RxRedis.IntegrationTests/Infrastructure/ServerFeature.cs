namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>
/// What a test needs from the server beyond plain commands. Each test that needs one says so with
/// <see cref="ServerFactAttribute"/> or <see cref="ServerTheoryAttribute"/>, so a server lacking it skips the test
/// with the reason instead of failing it or passing it silently.
/// </summary>
[Flags]
public enum ServerFeature
{
    None = 0,

    /// <summary><c>XADD</c>, consumer groups, <c>XAUTOCLAIM</c>.</summary>
    Streams = 1 << 0,

    /// <summary><c>CLIENT TRACKING</c> (client-side caching invalidations).</summary>
    ClientTracking = 1 << 1,

    /// <summary><c>notify-keyspace-events</c> and the keyspace channels.</summary>
    KeyspaceEvents = 1 << 2,

    /// <summary><c>SSUBSCRIBE</c>/<c>SPUBLISH</c> outside cluster mode.</summary>
    ShardPubSubStandalone = 1 << 3,

    /// <summary><c>FUNCTION</c>/<c>FCALL</c>.</summary>
    Functions = 1 << 4,

    /// <summary><c>EVAL</c>/<c>EVALSHA</c>/<c>SCRIPT</c>.</summary>
    Scripting = 1 << 5,

    /// <summary><c>ACL SETUSER</c>/<c>WHOAMI</c> and named users.</summary>
    Acl = 1 << 6,

    /// <summary>Redis 7.4 hash-field expiry: <c>HEXPIRE</c>, <c>HTTL</c>, <c>HPERSIST</c>, ...</summary>
    HashFieldExpiry = 1 << 7,

    /// <summary><c>WAIT</c> (replication acknowledgements).</summary>
    Wait = 1 << 8,

    /// <summary>Redis 7.2 <c>WAITAOF</c> and <c>CLIENT NO-TOUCH</c> (<see cref="RedisOptions.NoTouch"/>).</summary>
    ClientNoTouchAndWaitAof = 1 << 9,

    /// <summary>Commands the default redis-server has and Garnet lacks, e.g. <c>SORT_RO</c>, <c>OBJECT FREQ</c>, <c>DEBUG</c> from any address.</summary>
    RedisOnlyCommands = 1 << 10,

    /// <summary>Redis's exact error texts and encodings (Garnet ends errors with a period; stores small integers as <c>raw</c>).</summary>
    RedisErrorTexts = 1 << 11,

    /// <summary>
    /// Edge behaviour where Garnet 2.2.13 differs from Redis (issue 16 note): EXECABORT after a queuing error, BITFIELD
    /// OVERFLOW FAIL, WRONGTYPE from pipelined INCR, SCAN COUNT paging, NOAUTH at HELLO, <c>blocked_clients</c> and CLIENT LIST's <c>cmd=</c>,
    /// keys gone as soon as <c>FLUSHDB ASYNC</c> answers.
    /// </summary>
    RedisEdgeSemantics = 1 << 12,

    /// <summary><c>COMMAND DOCS</c> lists Redis's commands only (Garnet adds its own: ETag <c>SETIFMATCH</c>, <c>ZEXPIRE</c>, ...).</summary>
    RedisCommandDocs = 1 << 13,

    /// <summary>Redis 7.0 <c>CLIENT NO-EVICT</c> (<see cref="RedisOptions.NoEvict"/>).</summary>
    ClientNoEvict = 1 << 14,
}
