namespace RxRedis.Protocol;

/// <summary>The RESP2/RESP3 frame types (https://redis.io/docs/latest/develop/reference/protocol-spec/).</summary>
public enum RespType : byte
{
    // Null is zero so that default(RespValue) is the null value (RespValue.Null returns default).
    /// <summary><c>_</c> (RESP3) or <c>$-1</c> / <c>*-1</c> (RESP2): no value.</summary>
    Null,
    /// <summary><c>+</c> a short status such as <c>OK</c>.</summary>
    SimpleString,
    /// <summary><c>-</c> an error line such as <c>ERR unknown command</c>.</summary>
    SimpleError,
    /// <summary><c>:</c> a signed 64-bit integer.</summary>
    Integer,
    /// <summary><c>$</c> a binary-safe string.</summary>
    BulkString,
    /// <summary><c>*</c> an ordered sequence of values.</summary>
    Array,
    /// <summary><c>,</c> a double, including <c>inf</c>, <c>-inf</c> and <c>nan</c>.</summary>
    Double,
    /// <summary><c>#</c> <c>t</c> or <c>f</c>.</summary>
    Boolean,
    /// <summary><c>(</c> an integer of any size, kept as its decimal text.</summary>
    BigNumber,
    /// <summary><c>!</c> a binary-safe error.</summary>
    BulkError,
    /// <summary><c>=</c> a string with a three-letter format such as <c>txt</c> or <c>mkd</c>.</summary>
    VerbatimString,
    /// <summary><c>%</c> key/value pairs, kept flat as key, value, key, value.</summary>
    Map,
    /// <summary><c>~</c> an unordered collection.</summary>
    Set,
    /// <summary><c>|</c> auxiliary key/value pairs sent before a reply; the reader attaches them to that reply.</summary>
    Attribute,
    /// <summary><c>&gt;</c> out-of-band data such as pub/sub messages and invalidations.</summary>
    Push,
}
