using RxRedis.Cluster;

namespace RxRedis.Tests.Cluster;

public sealed class SlotGroupsTests
{
    private static RedisValue[] Values(params string[] items) => [.. items.Select(static i => (RedisValue)i)];

    [Fact]
    public void Keys_are_grouped_by_slot_in_the_order_their_first_key_appears()
    {
        // "foo" and "{foo}x" share a slot; "bar" has another.
        var groups = SlotGroups.Of(Values("foo", "bar", "{foo}x", "bar"), step: 1);

        Assert.Equal([HashSlot.Of("foo"), HashSlot.Of("bar")], groups.Items.Select(g => g.Slot));
        Assert.Equal([0, 2], groups.Items[0].Positions);
        Assert.Equal([1, 3], groups.Items[1].Positions);
        Assert.Equal(["foo", "{foo}x"], groups.ArgumentsOf(0, Values("foo", "bar", "{foo}x", "bar")).Select(v => v.ToString()));
    }

    [Fact]
    public void Keys_of_one_slot_make_one_group_with_every_argument()
    {
        var args = Values("{t}a", "1", "{t}b", "2");

        var groups = SlotGroups.Of(args, step: 2);

        Assert.Single(groups.Items);
        Assert.Equal(["{t}a", "1", "{t}b", "2"], groups.ArgumentsOf(0, args).Select(v => v.ToString()));
    }

    [Fact]
    public void Pairs_keep_each_value_with_its_key()
    {
        var args = Values("foo", "1", "bar", "2", "{foo}z", "3");

        var groups = SlotGroups.Of(args, step: 2);

        Assert.Equal(3, groups.Elements);
        Assert.Equal(["foo", "1", "{foo}z", "3"], groups.ArgumentsOf(0, args).Select(v => v.ToString()));
        Assert.Equal(["bar", "2"], groups.ArgumentsOf(1, args).Select(v => v.ToString()));
    }

    [Fact]
    public void Scatter_puts_each_part_result_back_at_its_key_position()
    {
        var groups = SlotGroups.Of(Values("foo", "bar", "{foo}x", "baz"), step: 1);
        var parts = groups.Items.Select(g => g.Positions.Select(p => "v" + p).ToArray()).ToArray();

        Assert.Equal(["v0", "v1", "v2", "v3"], groups.Scatter(parts));
    }

    [Fact]
    public void Scatter_refuses_a_part_with_the_wrong_number_of_results()
    {
        var groups = SlotGroups.Of(Values("foo", "bar"), step: 1);

        Assert.Throws<RedisException>(() => groups.Scatter([["a", "extra"], ["b"]]));
    }
}
