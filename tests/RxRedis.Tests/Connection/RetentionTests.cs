using System.Runtime.CompilerServices;
using System.Text;
using RxRedis.Protocol;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.Connection;

/// <summary>What the connection holds on to after a command is answered: nothing that outlives the next command.</summary>
public sealed class RetentionTests : FakeServerTestBase
{
    [Fact]
    public async Task Answered_commands_and_their_replies_are_not_kept_by_the_connection()
    {
        Server.Handler = (c, cmd) => c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[1])));
        await using var client = await ConnectAsync();

        var replies = await GetManyAsync(client, 300);
        GC.Collect();

        // The last one may still wait in the deadline queue for the next command to sweep it.
        Assert.InRange(replies.Count(r => r.TryGetTarget(out _)), 0, 1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<List<WeakReference<byte[]>>> GetManyAsync(RedisClient client, int count)
    {
        var replies = new List<WeakReference<byte[]>>(count);
        for (var i = 0; i < count; i++)
        {
            replies.Add(new WeakReference<byte[]>((byte[])(await client.Get($"key:{i}"))!));
        }
        return replies;
    }
}
