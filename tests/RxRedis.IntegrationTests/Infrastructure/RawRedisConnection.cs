using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>
/// A minimal RESP connection over a plain socket, so tests can drive and inspect a server without the
/// RxRedis client under test. Replies are rendered as text: simple strings, bulk strings, numbers as they are;
/// errors as "(error) MESSAGE"; nulls as "(nil)"; aggregates as their elements, one per line.
/// </summary>
public sealed class RawRedisConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    // Latin-1 maps bytes to chars one to one, so bulk lengths (in bytes) can be read as char counts.
    private readonly StreamReader _reader;

    private RawRedisConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
    }

    /// <summary>Connects to a TCP or Unix domain socket endpoint.</summary>
    public static async Task<RawRedisConnection> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new RawRedisConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection, optionally authenticates, runs one command and closes.</summary>
    public static async Task<string> ExecOnceAsync(
        EndPoint endpoint, string? password, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(endpoint, cancellationToken);
        if (password is not null)
        {
            var auth = await connection.ExecAsync(["AUTH", password], cancellationToken);
            if (auth != "OK")
            {
                throw new InvalidOperationException($"AUTH failed: {auth}");
            }
        }

        return await connection.ExecAsync(args, cancellationToken);
    }

    /// <summary>Sends one command and reads its reply.</summary>
    public async Task<string> ExecAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        await SendAsync(args, cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    /// <summary>Sends one command as a RESP array of bulk strings without reading a reply.</summary>
    public async Task SendAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var frame = new StringBuilder();
        frame.Append('*').Append(args.Count).Append("\r\n");
        foreach (var arg in args)
        {
            frame.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(frame.ToString()), cancellationToken);
    }

    /// <summary>Reads the next reply, skipping RESP3 attributes.</summary>
    public async Task<string> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        var body = line[1..];
        switch (line[0])
        {
            case '+' or ':' or ',' or '(':
                return Utf8(body);
            case '-':
                return "(error) " + Utf8(body);
            case '#':
                return body == "t" ? "true" : "false";
            case '_':
                return "(nil)";
            case '$':
                return await ReadBulkAsync(int.Parse(body, CultureInfo.InvariantCulture), cancellationToken) ?? "(nil)";
            case '!':
                return "(error) " + await ReadBulkAsync(int.Parse(body, CultureInfo.InvariantCulture), cancellationToken);
            case '=':
                // Verbatim strings start with a three-letter format and a colon, e.g. "txt:".
                var verbatim = await ReadBulkAsync(int.Parse(body, CultureInfo.InvariantCulture), cancellationToken);
                return verbatim?[4..] ?? "(nil)";
            case '*' or '~' or '>':
                return await ReadAggregateAsync(int.Parse(body, CultureInfo.InvariantCulture), cancellationToken);
            case '%':
                return await ReadAggregateAsync(2 * int.Parse(body, CultureInfo.InvariantCulture), cancellationToken);
            case '|':
                await ReadAggregateAsync(2 * int.Parse(body, CultureInfo.InvariantCulture), cancellationToken);
                return await ReadReplyAsync(cancellationToken);
            default:
                throw new InvalidDataException($"Unexpected RESP line: {line}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task<string> ReadAggregateAsync(int count, CancellationToken cancellationToken)
    {
        if (count < 0)
        {
            return "(nil)";
        }

        if (count == 0)
        {
            return "(empty array)";
        }

        var items = new string[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = await ReadReplyAsync(cancellationToken);
        }

        return string.Join('\n', items);
    }

    private async Task<string?> ReadBulkAsync(int length, CancellationToken cancellationToken)
    {
        if (length < 0)
        {
            return null;
        }

        var chars = new char[length];
        await _reader.ReadBlockAsync(chars, cancellationToken);
        if (await ReadLineAsync(cancellationToken, allowEmpty: true) != string.Empty)
        {
            throw new InvalidDataException("Bulk string not followed by CRLF.");
        }

        return Utf8(new string(chars));
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken, bool allowEmpty = false)
    {
        var line = await _reader.ReadLineAsync(cancellationToken)
            ?? throw new IOException("The server closed the connection.");
        if (line.Length == 0 && !allowEmpty)
        {
            throw new InvalidDataException("Empty RESP line.");
        }

        return line;
    }

    private static string Utf8(string latin1) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(latin1));
}
