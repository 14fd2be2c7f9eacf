using System.Text;
using RxRedis.Cluster;

namespace RxRedis.Tests.Cluster;

public sealed class HashSlotTests
{
    [Fact]
    public void Crc16_matches_the_reference_check_value() =>
        Assert.Equal(0x31C3, HashSlot.Crc16("123456789"u8)); // the value the cluster spec gives for its CRC16

    [Theory]
    [InlineData("foo", 12182)]
    [InlineData("bar", 5061)]
    [InlineData("{user1000}.following", 3443)]
    [InlineData("{user1000}.followers", 3443)]
    public void Known_keys_land_in_known_slots(string key, int slot) => Assert.Equal(slot, HashSlot.Of(key));

    [Theory]
    [InlineData("{user1000}.following", "user1000")]
    [InlineData("foo{}{bar}", "foo{}{bar}")]   // an empty tag means no tag: the whole key is hashed
    [InlineData("foo{{bar}}zap", "{bar")]       // from the first { to the first } after it
    [InlineData("foo{bar}{zap}", "bar")]        // only the first tag counts
    [InlineData("no-tag", "no-tag")]
    [InlineData("{unclosed", "{unclosed")]
    public void Hash_tags_follow_the_cluster_spec(string key, string hashed) =>
        Assert.Equal(hashed, Encoding.UTF8.GetString(HashSlot.HashTag(Encoding.UTF8.GetBytes(key))));
}
