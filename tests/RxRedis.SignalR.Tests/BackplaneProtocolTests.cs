using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using RxRedis.SignalR.Internal;

namespace RxRedis.SignalR.Tests;

/// <summary>The backplane's wire format on its own: what goes in comes out, and broken payloads are named, not guessed at.</summary>
public sealed class BackplaneProtocolTests
{
    private static readonly BackplaneProtocol Protocol = new([new JsonHubProtocol()]);

    [Fact]
    public void An_invocation_reads_back_with_its_exclusions_its_return_address_and_the_bytes_of_each_protocol()
    {
        var message = new InvocationMessage("7", "Add", [2, 3]);
        var payload = Protocol.WriteInvocation(message, ["c1", "c2"], invocationId: "7", returnServer: "server-a");

        var (kind, fields) = BackplaneProtocol.Open(payload);
        var invocation = BackplaneProtocol.ReadInvocation(fields);

        Assert.Equal(BackplaneMessageKind.Invocation, kind);
        Assert.Equal(["c1", "c2"], invocation.ExcludedConnectionIds);
        Assert.True(invocation.Excludes("c2"));
        Assert.False(invocation.Excludes("c3"));
        Assert.Equal("7", invocation.InvocationId);
        Assert.Equal("server-a", invocation.ReturnServer);
        var json = new JsonHubProtocol();
        Assert.Equal(json.GetMessageBytes(message).ToArray(), invocation.Message.GetSerializedMessage(json).ToArray());
    }

    [Fact]
    public void A_group_command_and_an_ack_read_back_field_for_field()
    {
        var command = new GroupCommand(42, "server-b", Add: false, "room", "conn-1");

        var (kind, fields) = BackplaneProtocol.Open(BackplaneProtocol.WriteGroupCommand(command));
        Assert.Equal(BackplaneMessageKind.GroupCommand, kind);
        Assert.Equal(command, BackplaneProtocol.ReadGroupCommand(fields));

        var (ackKind, ackFields) = BackplaneProtocol.Open(BackplaneProtocol.WriteAck(42));
        Assert.Equal(BackplaneMessageKind.Ack, ackKind);
        Assert.Equal(42, BackplaneProtocol.ReadAck(ackFields));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1 })]
    [InlineData(new byte[] { 2, 1 })]
    [InlineData(new byte[] { 1, 99 })]
    public void A_payload_of_another_format_is_refused_with_what_it_is(byte[] payload)
    {
        var error = Assert.Throws<InvalidDataException>(() => BackplaneProtocol.Open(payload));

        Assert.Contains($"({payload.Length} bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_longer_than_what_is_left_is_refused_not_read_past_the_end()
    {
        var payload = BackplaneProtocol.WriteCompletion(new JsonHubProtocol(), CompletionMessage.WithResult("1", 5));
        var truncated = payload[..^3];

        var (_, fields) = BackplaneProtocol.Open(truncated);
        var error = Assert.Throws<InvalidDataException>(() => BackplaneProtocol.ReadCompletion(fields));

        Assert.Contains("bytes left", error.Message, StringComparison.Ordinal);
    }
}
