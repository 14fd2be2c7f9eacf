using System.Security.Cryptography;
using System.Text;

namespace RxRedis;

/// <summary>
/// A Lua script with its SHA1 computed once on the client. <see cref="RedisClient.Eval(RedisScript, RedisKey[], RedisValue[], bool)"/>
/// sends <c>EVALSHA</c> and only when the server answers <c>NOSCRIPT</c> (first use, or after a restart or
/// <c>SCRIPT FLUSH</c>) falls back to <c>EVAL</c>, which also caches the script on the server: the body crosses the
/// wire once per server, not once per call.
/// </summary>
public sealed class RedisScript
{
    /// <summary>Wraps <paramref name="text"/> and computes its SHA1.</summary>
    public RedisScript(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        Text = text;
#pragma warning disable CA5350 // SHA1 is what Redis names scripts by, not a security use
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350
    }

    /// <summary>The Lua source.</summary>
    public string Text { get; }

    /// <summary>The lower-case hex SHA1 Redis knows the script by.</summary>
    public string Sha1 { get; }

    /// <inheritdoc />
    public override string ToString() => $"RedisScript({Sha1})";
}
