using System.Buffers;

namespace RxRedis.Protocol;

/// <summary>
/// Reads RESP2/RESP3 frames from the bytes of one connection. It is resumable: when a frame is incomplete it
/// remembers how far it has validated, so the next call (same frame start, more bytes) continues from there.
/// A frame is first scanned without allocating, then materialized into a <see cref="RespValue"/> once all of it
/// has arrived, so memory use follows the bytes received, never a count a peer merely declared.
/// Not thread-safe; use one reader per connection.
/// </summary>
public sealed partial class RespReader
{
    private readonly RespReaderOptions _options;
    private Level[]? _levels;       // open aggregates of the frame being scanned, innermost last
    private int _depth;             // how many of _levels are in use
    private long _scanned;          // frame offset of the first token not yet validated
    private long _searched;         // frame offset up to which that token's line was searched for CR
    private long _stringBytes;      // payload bytes of the strings of the frame validated so far (see Build)

    /// <summary>Creates a reader with the given limits, or <see cref="RespReaderOptions.Default"/>.</summary>
    public RespReader(RespReaderOptions? options = null)
    {
        _options = options ?? RespReaderOptions.Default;
    }

    /// <summary>
    /// Tries to read one whole frame from the start of <paramref name="input"/>, which must begin at a frame
    /// boundary (and, after a <c>false</c>, at the same frame as before, with at least as many bytes).
    /// </summary>
    /// <param name="input">The received bytes, starting at a frame.</param>
    /// <param name="value">The frame's value (carrying its attributes, if an attribute frame preceded it).</param>
    /// <param name="consumed">The position just after the frame; <c>input.Start</c> when no frame was read.</param>
    /// <returns><c>true</c> with a frame, or <c>false</c> when more bytes are needed.</returns>
    /// <exception cref="RespProtocolException">The bytes are not valid RESP or break a limit; the partial state is dropped.</exception>
    /// <exception cref="InvalidOperationException">The input is shorter than what an earlier call already validated.</exception>
    public bool TryRead(in ReadOnlySequence<byte> input, out RespValue value, out SequencePosition consumed)
    {
        var bytes = new FrameBytes(input);
        if (bytes.Length < _scanned)
        {
            throw new InvalidOperationException(
                "The input is shorter than the part of the frame already validated; call Reset when the stream restarts.");
        }
        try
        {
            var position = _scanned;
            while (true)
            {
                if (!TryReadToken(ref bytes, position, ref _searched, out var token))
                {
                    _scanned = position;
                    value = default;
                    consumed = input.Start;
                    return false;
                }
                _stringBytes += token.PayloadLength; // each token is validated once: a resumed scan starts after it
                if (token.Count > 0)
                {
                    Open(in token);
                }
                else if (_depth == 0)
                {
                    // The common reply (+OK, :n, $n, _): a frame of one token, made at once without a second pass.
                    value = MakeLeaf(ref bytes, in token);
                    consumed = input.GetPosition(token.End);
                    Reset();
                    return true;
                }
                else if (CloseFilled())
                {
                    value = Build(ref bytes);
                    consumed = input.GetPosition(token.End);
                    Reset();
                    return true;
                }
                position = token.End;
            }
        }
        catch (RespProtocolException)
        {
            Reset();
            throw;
        }
    }

    /// <summary>Forgets a partly read frame, e.g. when the connection is replaced.</summary>
    public void Reset()
    {
        _depth = 0;
        _scanned = 0;
        _searched = 0;
        _stringBytes = 0;
    }

    private void Open(in Token token)
    {
        if (_depth == _options.MaxDepth)
        {
            throw new RespProtocolException($"aggregates nest deeper than MaxDepth ({_options.MaxDepth})", token.Start);
        }
        _levels ??= new Level[_options.MaxDepth];
        if (token.Prefix == (byte)'|' && _depth > 0 && _levels[_depth - 1] is { IsAttribute: true, Remaining: 1 })
        {
            throw new RespProtocolException("an attribute must be followed by a value, not by another attribute", token.Start);
        }
        _levels[_depth++] = new Level(token.Count, token.Prefix == (byte)'|');
    }

    // A child of the innermost aggregate is complete: count it, closing every aggregate this fills.
    // Returns true when the outermost one closed, i.e. the frame is complete.
    private bool CloseFilled()
    {
        while (_depth > 0)
        {
            if (--_levels![_depth - 1].Remaining > 0)
            {
                return false;
            }
            _depth--;
        }
        return true;
    }

    // An attribute level counts its pairs and then the value they annotate, so it closes as one child of its parent.
    private record struct Level(int Remaining, bool IsAttribute);
}
