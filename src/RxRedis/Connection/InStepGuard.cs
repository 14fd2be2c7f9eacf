using System.Security.Cryptography;
using RxRedis.Protocol;

namespace RxRedis.Connection;

/// <summary>
/// A socket's proof that its replies still line up with its commands. Replies carry no request id in RESP, so a
/// server or proxy that loses or adds one reply would hand every later command its neighbour's reply. The client
/// therefore writes <see cref="StepCheck"/>s (<c>PING token</c>, a token only this socket could expect) into the
/// stream and, while it has reason to doubt the stream, holds the replies read before the check until the check
/// comes back in its own slot: then they are delivered in order; if anything else comes back, or a token lands in a
/// command's slot, the socket is torn down and the held commands fail with an unknown outcome instead of receiving
/// another command's reply. It has reason to doubt from an overdue reply (a written command timed out) until a check
/// sent after it passes, and always with <see cref="RedisOptions.HighIntegrity"/> (a check ends every write batch).
/// The reader loop is the only caller of <see cref="Hold"/>, <see cref="Passed"/> and <see cref="HeldEntries"/>.
/// </summary>
internal sealed class InStepGuard
{
    private const int SequenceDigits = 16;
    private readonly byte[] _tag; // "rxredis-step:" + 16 random hex digits + ":"
    private readonly bool _everyBatch;
    private readonly Lock _gate = new();
    private readonly List<(PendingCommand Entry, RespValue Reply, int Index)> _held = [];
    private StepCheck? _awaited; // the check whose pass ends the current doubt
    private volatile bool _doubting;
    private long _sequence;

    public InStepGuard(bool everyBatch)
    {
        _everyBatch = everyBatch;
        _tag = System.Text.Encoding.ASCII.GetBytes($"rxredis-step:{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}:");
    }

    /// <summary>True while replies must be held until the next check passes.</summary>
    public bool Holding => _everyBatch || _doubting;

    /// <summary>True when every write batch ends with a check (<see cref="RedisOptions.HighIntegrity"/>).</summary>
    public bool EveryBatch => _everyBatch;

    /// <summary>A fresh token: this socket's tag and the next sequence number.</summary>
    public byte[] NextToken()
    {
        var token = new byte[_tag.Length + SequenceDigits];
        _tag.CopyTo(token, 0);
        var sequence = (ulong)Interlocked.Increment(ref _sequence);
        for (var i = token.Length - 1; i >= _tag.Length; i--, sequence >>= 4)
        {
            token[i] = (byte)"0123456789ABCDEF"[(int)(sequence & 0xF)];
        }
        return token;
    }

    /// <summary>True for a reply that is one of this socket's tokens: never a command's reply.</summary>
    public bool IsToken(in RespValue reply) =>
        reply.Type == RespType.BulkString && reply.Span.Length == _tag.Length + SequenceDigits && reply.Span.StartsWith(_tag);

    /// <summary>
    /// A written command's reply is overdue: doubt the stream from now on. Returns the check to send, or null when a
    /// check not yet written will already cover it (it goes out after the overdue command).
    /// </summary>
    public StepCheck? Doubt(PhysicalConnection target)
    {
        lock (_gate)
        {
            _doubting = true;
            if (_awaited is { IsWritten: false, IsDone: false })
            {
                return null;
            }
            return _awaited = new StepCheck(target, NextToken(), StepCheck.AfterOverdueReply);
        }
    }

    /// <summary>Keeps a reply read while <see cref="Holding"/>, to be delivered once a check passes.</summary>
    public void Hold(PendingCommand entry, in RespValue reply, int index) => _held.Add((entry, reply, index));

    /// <summary>
    /// <paramref name="check"/> came back with its token in its slot: the stream was in step up to it, so the doubt
    /// it was sent for ends. Returns the held replies, oldest first, for the caller to deliver.
    /// </summary>
    public List<(PendingCommand Entry, RespValue Reply, int Index)> Passed(StepCheck check)
    {
        if (_doubting)
        {
            lock (_gate)
            {
                if (ReferenceEquals(check, _awaited))
                {
                    _awaited = null;
                    _doubting = false;
                }
            }
        }
        return _held;
    }

    /// <summary>The held entries, oldest first and each once, for failing them when the socket is torn down.</summary>
    public IEnumerable<PendingCommand> HeldEntries()
    {
        PendingCommand? previous = null;
        foreach (var (entry, _, _) in _held)
        {
            if (!ReferenceEquals(entry, previous))
            {
                yield return entry;
            }
            previous = entry;
        }
    }
}
