using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace RxRedis.SignalR.Internal;

/// <summary>
/// The bytes of a backplane message: a format version, a <see cref="BackplaneMessageKind"/>, then the kind's fields as
/// length-prefixed UTF-8 strings and byte blocks (<see cref="BinaryWriter"/>'s encoding). A hub message is serialized
/// once per protocol by the sender, so receivers only copy bytes to their connections.
/// </summary>
internal sealed class BackplaneProtocol(IReadOnlyList<IHubProtocol> protocols)
{
    private const byte FormatVersion = 1;

    public IReadOnlyList<IHubProtocol> Protocols { get; } = protocols;

    public byte[] WriteInvocation(HubMessage message, IReadOnlyList<string>? excludedConnectionIds = null, string? invocationId = null, string? returnServer = null) =>
        Write(BackplaneMessageKind.Invocation, writer =>
        {
            WriteOptional(writer, invocationId);
            WriteOptional(writer, returnServer);
            writer.Write(excludedConnectionIds?.Count ?? 0);
            foreach (var id in excludedConnectionIds ?? [])
            {
                writer.Write(id);
            }
            writer.Write(Protocols.Count);
            foreach (var protocol in Protocols)
            {
                writer.Write(protocol.Name);
                WriteBlock(writer, protocol.GetMessageBytes(message).Span);
            }
        });

    public static byte[] WriteGroupCommand(GroupCommand command) =>
        Write(BackplaneMessageKind.GroupCommand, writer =>
        {
            writer.Write(command.Id);
            writer.Write(command.ServerName);
            writer.Write(command.Add);
            writer.Write(command.GroupName);
            writer.Write(command.ConnectionId);
        });

    public static byte[] WriteAck(long id) => Write(BackplaneMessageKind.Ack, writer => writer.Write(id));

    /// <summary>A completion in the protocol of the client that sent it (a <see cref="RawResult"/> is copied verbatim).</summary>
    public static byte[] WriteCompletion(IHubProtocol protocol, CompletionMessage completion) =>
        Write(BackplaneMessageKind.Completion, writer =>
        {
            writer.Write(protocol.Name);
            WriteBlock(writer, protocol.GetMessageBytes(completion).Span);
        });

    /// <summary>Opens a payload: checks the version and reads the kind; the reader is then at the kind's fields.</summary>
    /// <exception cref="InvalidDataException">The payload is empty, truncated or of another format version.</exception>
    public static (BackplaneMessageKind Kind, BinaryReader Fields) Open(byte[] payload)
    {
        if (payload.Length < 2 || payload[0] != FormatVersion || !Enum.IsDefined((BackplaneMessageKind)payload[1]))
        {
            throw new InvalidDataException(
                $"Not an RxRedis backplane message of format {FormatVersion} ({payload.Length} bytes); is another app or backplane publishing on this channel prefix?");
        }
        var reader = new BinaryReader(new MemoryStream(payload, 2, payload.Length - 2, writable: false, publiclyVisible: true), Encoding.UTF8);
        return ((BackplaneMessageKind)payload[1], reader);
    }

    public static BackplaneInvocation ReadInvocation(BinaryReader reader)
    {
        var invocationId = ReadOptional(reader);
        var returnServer = ReadOptional(reader);
        var excluded = new string[ReadCount(reader)];
        for (var i = 0; i < excluded.Length; i++)
        {
            excluded[i] = reader.ReadString();
        }
        var serialized = new SerializedMessage[ReadCount(reader)];
        for (var i = 0; i < serialized.Length; i++)
        {
            serialized[i] = new SerializedMessage(reader.ReadString(), ReadBlock(reader));
        }
        return new BackplaneInvocation(new SerializedHubMessage(serialized), excluded.Length == 0 ? null : excluded, invocationId, returnServer);
    }

    public static GroupCommand ReadGroupCommand(BinaryReader reader) =>
        new(reader.ReadInt64(), reader.ReadString(), reader.ReadBoolean(), reader.ReadString(), reader.ReadString());

    public static long ReadAck(BinaryReader reader) => reader.ReadInt64();

    public static (string ProtocolName, ReadOnlyMemory<byte> Completion) ReadCompletion(BinaryReader reader) => (reader.ReadString(), ReadBlock(reader));

    private static byte[] Write(BackplaneMessageKind kind, Action<BinaryWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write((byte)kind);
            fields(writer);
        }
        return buffer.ToArray();
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static void WriteBlock(BinaryWriter writer, ReadOnlySpan<byte> bytes)
    {
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>A slice of the payload itself, not a copy: the stream wraps the payload array.</summary>
    private static ReadOnlyMemory<byte> ReadBlock(BinaryReader reader)
    {
        var length = ReadCount(reader);
        var stream = (MemoryStream)reader.BaseStream;
        var start = (int)stream.Position;
        if (length > stream.Length - start)
        {
            throw new InvalidDataException($"A backplane message claims a {length}-byte block with {stream.Length - start} bytes left.");
        }
        stream.Position = start + length;
        return stream.GetBuffer().AsMemory(start + 2, length);
    }

    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count >= 0 ? count : throw new InvalidDataException($"A backplane message has a negative count ({count}).");
    }
}
