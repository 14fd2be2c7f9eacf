using RxRedis.Cluster;
using RxRedis.Commands;

namespace RxRedis.Tests.Cluster;

public sealed class CommandSlotTests
{
    [Fact]
    public void A_command_without_keys_has_no_slot() =>
        Assert.Equal(CommandSlot.None, CommandSlot.Of(CommandTable.Ping, []));

    [Fact]
    public void A_single_key_command_takes_its_key_slot() =>
        Assert.Equal(HashSlot.Of("user:1"), CommandSlot.Of(CommandTable.Get, ["user:1"]));

    [Fact]
    public void Keys_that_share_a_hash_tag_share_a_slot() =>
        Assert.Equal(HashSlot.Of("u1"), CommandSlot.Of(CommandTable.MSet, ["{u1}:a", "1", "{u1}:b", "2"]));

    [Fact]
    public void Values_between_keys_are_not_hashed()
    {
        // MSET k v k v: the values hash elsewhere and must not count as keys.
        Assert.NotEqual(HashSlot.Of("{t}a"), HashSlot.Of("x"));
        Assert.Equal(HashSlot.Of("t"), CommandSlot.Of(CommandTable.MSet, ["{t}a", "x", "{t}b", "y"]));
    }

    [Fact]
    public void Keys_of_different_slots_are_refused_before_sending_with_both_slots_named()
    {
        var error = Assert.Throws<ArgumentException>(() => CommandSlot.Of(CommandTable.Rename, ["a", "b"]));

        Assert.Contains($"RENAME hash to different cluster slots ({HashSlot.Of("a")} and {HashSlot.Of("b")})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_keys_are_those_after_the_key_count_and_not_the_arguments()
    {
        Assert.Equal(HashSlot.Of("k"), CommandSlot.Of(CommandTable.Eval, ["return 1", 2, "{k}1", "{k}2", "argv-elsewhere"]));
        Assert.Equal(CommandSlot.None, CommandSlot.Of(CommandTable.Eval, ["return 1", 0, "argv"]));
        Assert.Throws<ArgumentException>(() => CommandSlot.Of(CommandTable.Eval, ["return 1", 2, "a", "b"]));
    }

    [Fact]
    public void A_store_command_hashes_its_destination_and_its_counted_sources()
    {
        Assert.Equal(HashSlot.Of("z"), CommandSlot.Of(CommandTable.ZUnionStore, ["{z}dst", 2, "{z}a", "{z}b"]));
        Assert.Throws<ArgumentException>(() => CommandSlot.Of(CommandTable.ZUnionStore, ["dst", 1, "{z}a"]));
    }

    [Fact]
    public void Stream_reads_hash_the_keys_after_streams_and_not_the_ids()
    {
        Assert.Equal(HashSlot.Of("s"), CommandSlot.Of(CommandTable.XRead, ["COUNT", 10, "STREAMS", "{s}1", "{s}2", "0-0", "$"]));
        Assert.Throws<ArgumentException>(() => CommandSlot.Of(CommandTable.XRead, ["streams", "a", "b", "0", "0"]));
    }

    [Fact]
    public void A_consumer_group_named_streams_is_not_taken_for_the_keyword() =>
        Assert.Equal(HashSlot.Of("s"), CommandSlot.Of(CommandTable.XReadGroup, ["GROUP", "streams", "streams", "COUNT", 1, "STREAMS", "{s}1", ">"]));

    [Fact]
    public void The_cluster_command_is_not_marked_safe_to_retry_since_some_subcommands_write() =>
        Assert.False(CommandTable.Lookup("CLUSTER").IsSafeToRetry);

    [Fact]
    public void Binary_and_numeric_keys_hash_their_bytes()
    {
        Assert.Equal(HashSlot.Of("12345"), CommandSlot.Of(CommandTable.Get, [12345]));
        var key = new byte[] { 0, 255, (byte)'{', (byte)'x', (byte)'}' };
        Assert.Equal(HashSlot.Of("x"), CommandSlot.Of(CommandTable.Get, [key]));
        var longKey = new string('é', 400); // past the stack buffer
        Assert.Equal(HashSlot.Of(System.Text.Encoding.UTF8.GetBytes(longKey)), CommandSlot.Of(CommandTable.Get, [longKey]));
    }
}
