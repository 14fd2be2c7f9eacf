using System.Text;
using RxRedis.Protocol;
using RxRedis.Tests.Fakes;

namespace RxRedis.Tests.PubSub;

/// <summary>A SUBSCRIBE the server refuses after the command timed out keeps the reply stream in step.</summary>
public sealed class RefusedSubscribeTests : FakeServerTestBase
{
    [Fact]
    public async Task A_refused_subscribe_that_already_timed_out_still_takes_both_of_its_replies()
    {
        Server.Handler = async (c, cmd) =>
        {
            switch (cmd[0])
            {
                case "SUBSCRIBE":
                    await Task.Delay(300); // past the 100 ms command timeout
                    await c.SendRawAsync("-NOPERM this user has no permissions to access the 'secret' channel\r\n");
                    break;
                case "PING":
                    await c.SendRawAsync("+PONG\r\n");
                    break;
                default:
                    await c.SendAsync(RespValue.BulkString(Encoding.UTF8.GetBytes(cmd[1])));
                    break;
            }
        };
        var options = FastOptions();
        options.CommandTimeout = TimeSpan.FromMilliseconds(100);
        await using var client = await ConnectAsync(options);
        Exception? subscribeError = null;
        using var subscription = client.Subscribe("secret").Subscribe(_ => { }, e => subscribeError = e);
        await WaitUntilAsync(() => Server.Connections[0].Received.Any(c => c[0] == "SUBSCRIBE"), "SUBSCRIBE is sent");

        var value = await client.Get("mine").WithTimeout(TimeSpan.FromSeconds(5));

        Assert.Equal("mine", value.ToString()); // not the PONG that belonged to the refused SUBSCRIBE
        await WaitUntilAsync(() => subscribeError is not null, "the subscriber hears of the failure");
    }
}
