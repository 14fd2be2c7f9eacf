using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.Cluster;
using RxRedis.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// Issue 18's one-key ordering scenario across a slot move: one writer keeps a window of SETs on one key in flight
/// (each acknowledgement issues the next version) while the key's slot moves to another primary, so commands meet
/// <c>ASK</c> (the key has left, the slot is still migrating) and <c>MOVED</c> (the slot has left) in the middle of
/// the stream. Values name key and version, and each write is <c>SET ... GET</c>, so its reply names the value it
/// replaced: a write applied after a newer one, or twice, replaced a version not older than its own. None may, the
/// key's final value must be the last acknowledged version, and no write may fail.
/// </summary>
[Collection(RedisClusterCollectionDefinition.Name)]
public sealed class ClusterRedirectOrderTests(RedisClusterFixture fixture, ITestOutputHelper output)
{
    private const int Rounds = 20;
    private const int Window = 128;
    private const int AcksAround = 3_000; // acknowledged before the move starts, and again after it ended

    [Fact]
    public Task Pipelined_writes_to_one_key_end_with_the_last_acknowledged_value_after_its_slot_moves() => WindowedRoundsAsync(batchSize: 1);

    /// <summary>The same with the writes in batches of 32 (<see cref="RedisBatch"/>), four batches in flight.</summary>
    [Fact]
    public Task Batched_writes_to_one_key_end_with_the_last_acknowledged_value_after_its_slot_moves() => WindowedRoundsAsync(batchSize: 32);

    /// <summary>The same with each write in a transaction of its own (<c>MULTI</c>, <c>SET ... GET</c>, <c>EXEC</c>).</summary>
    [Fact]
    public Task Transactional_writes_to_one_key_end_with_the_last_acknowledged_value_after_its_slot_moves() => WindowedRoundsAsync(batchSize: 1, transactions: true);

    private async Task WindowedRoundsAsync(int batchSize, bool transactions = false)
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var router = client.ClusterRouter!;
        var older = 0;
        var failed = 0;
        var inversions = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"rorder:{Guid.NewGuid():N}:{round}";
            var slot = HashSlot.Of(key);
            var writer = new WindowedWriter(client, key, Window, batchSize, transactions);
            var (_, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);
            var (moved, asked) = (router.MovedRedirects, router.AskRedirects);

            writer.Start();
            await writer.WaitForAcksAsync(AcksAround);
            await fixture.Cluster.MoveSlotAsync(slot, target);
            await writer.WaitForAcksAsync(writer.Acks + AcksAround);
            var issued = await writer.StopAsync();

            var text = (await client.Get(key)).ToString();
            Assert.StartsWith(key + ":v", text, StringComparison.Ordinal);
            var final = int.Parse(text.AsSpan(key.Length + 2), System.Globalization.CultureInfo.InvariantCulture);
            var last = writer.LastAcknowledged;
            output.WriteLine($"round {round}: {issued} SETs{(batchSize > 1 ? $" in batches of {batchSize}" : "")}, MOVED {router.MovedRedirects - moved}, ASK {router.AskRedirects - asked}, " +
                $"final v{final}, last acknowledged v{last}, applied out of order {writer.Inversions}{(writer.FirstInversion is { } i ? $" (first: {i})" : "")}, " +
                $"failed {writer.Failures}{(writer.FirstFailure is { } f ? $" (first: {f})" : "")}");
            failed += writer.Failures;
            inversions += writer.Inversions;
            if (final < last)
            {
                older++;
            }
        }
        output.WriteLine($"{Rounds} rounds: {older} ended older than the last acknowledged write, {inversions} writes applied after a newer one (or twice), {failed} writes failed");
        Assert.Equal(0, inversions);
        Assert.Equal(0, older);
        Assert.Equal(0, failed);
        await fixture.Cluster.WaitUntilConvergedAsync();
    }

    [Fact]
    public async Task Bulk_writes_to_one_key_are_applied_in_input_order_while_its_slot_moves()
    {
        await using var client = await ClusterTestClient.ConnectAsync(fixture);
        var router = client.ClusterRouter!;
        var inversions = 0;
        var failed = 0;
        var older = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"border:{Guid.NewGuid():N}:{round}";
            var slot = HashSlot.Of(key);
            var (_, target) = await fixture.Cluster.OwnerAndAnotherPrimaryAsync(slot);
            var (moved, asked) = (router.MovedRedirects, router.AskRedirects);
            var acks = 0;
            var last = 0;
            var roundInversions = 0;
            string? first = null;
            var moveStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stopAt = int.MaxValue; // the version after which the input ends: set once the move is over
            IEnumerable<int> Versions()
            {
                for (var v = 1; v <= Volatile.Read(ref stopAt); v++)
                {
                    yield return v;
                }
            }

            // Each reply of SET ... GET names the value it replaced: an older or equal version than the item's own
            // means a write was applied after a newer one (results come in input order).
            var run = client.Bulk(Versions(), v => client.SetAndGet(key, $"{key}:v{v}")).Do(r =>
            {
                if (!r.IsSuccess)
                {
                    failed++;
                    first ??= $"v{r.Input}: {r.Error!.GetType().Name}: {r.Error.Message}";
                    return;
                }
                var replaced = r.Value.IsNull ? 0 : int.Parse(r.Value.ToString().AsSpan(key.Length + 2), System.Globalization.CultureInfo.InvariantCulture);
                if (replaced >= r.Input && roundInversions++ == 0)
                {
                    first ??= $"v{r.Input} replaced v{replaced}";
                }
                last = r.Input;
                if (++acks == AcksAround)
                {
                    moveStarted.TrySetResult();
                }
            }).LastOrDefaultAsync().Timeout(TimeSpan.FromSeconds(60)).ToTask();

            await moveStarted.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await fixture.Cluster.MoveSlotAsync(slot, target);
            Volatile.Write(ref stopAt, Volatile.Read(ref acks) + AcksAround + (4 * Window));
            await run;

            var text = (await client.Get(key)).ToString();
            var final = int.Parse(text.AsSpan(key.Length + 2), System.Globalization.CultureInfo.InvariantCulture);
            output.WriteLine($"bulk round {round}: {last} items, MOVED {router.MovedRedirects - moved}, ASK {router.AskRedirects - asked}, " +
                $"final v{final}, applied out of order {roundInversions}{(first is null ? "" : $" (first: {first})")}");
            inversions += roundInversions;
            older += final < last ? 1 : 0;
        }
        output.WriteLine($"bulk, {Rounds} rounds: {older} ended older than the last acknowledged write, {inversions} writes applied after a newer one (or twice), {failed} items failed");
        Assert.Equal(0, inversions);
        Assert.Equal(0, older);
        Assert.Equal(0, failed);
        await fixture.Cluster.WaitUntilConvergedAsync();
    }

    // Keeps Window SETs of increasing versions in flight on one key: each outcome issues the next one, or with batches
    // the next batch once a batch's worth of room is free.
    private sealed class WindowedWriter(RedisClient client, string key, int window, int batchSize, bool transactions)
    {
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _acksReached;
        private int _acksWanted;
        private int _next;
        private int _inFlight;
        private bool _stopping;
        private int _lastAcknowledged;

        public int Acks { get; private set; }

        public int Failures { get; private set; }

        public string? FirstFailure { get; private set; }

        public int Inversions { get; private set; }

        public string? FirstInversion { get; private set; }

        public int LastAcknowledged
        {
            get
            {
                lock (_gate)
                {
                    return _lastAcknowledged;
                }
            }
        }

        public void Start() => Refill();

        public Task WaitForAcksAsync(int acks)
        {
            lock (_gate)
            {
                if (Acks >= acks)
                {
                    return Task.CompletedTask;
                }
                _acksWanted = acks;
                _acksReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _acksReached.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
        }

        public async Task<int> StopAsync()
        {
            lock (_gate)
            {
                _stopping = true;
                if (_inFlight == 0)
                {
                    _drained.TrySetResult();
                }
            }
            await _drained.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return _next;
        }

        // Under the lock, so versions are issued to the client in their order (outcomes arrive on several threads).
        private void Refill()
        {
            lock (_gate)
            {
                while (!_stopping && _inFlight + batchSize <= window)
                {
                    var batch = batchSize > 1 ? client.CreateBatch() : null;
                    for (var i = 0; i < batchSize; i++)
                    {
                        var version = ++_next;
                        _inFlight++;
                        var set = client.SetAndGet(key, $"{key}:v{version}");
                        var transaction = transactions ? client.CreateTransaction() : null;
                        (batch?.Add(set) ?? transaction?.Add(set) ?? set).Subscribe(replaced => Ended(version, replaced, null), e => Ended(version, default, e), () => { });
                        transaction?.Execute().Subscribe(_ => { }, _ => { }); // the item reports the outcome
                    }
                    batch?.Execute().Subscribe(_ => { }, _ => { }); // each item reports its own outcome
                }
            }
        }

        private void Ended(int version, RedisValue replaced, Exception? error)
        {
            TaskCompletionSource? reached = null;
            bool drained;
            lock (_gate)
            {
                _inFlight--;
                if (error is null)
                {
                    Acks++;
                    var replacedVersion = replaced.IsNull ? 0 : int.Parse(replaced.ToString().AsSpan(key.Length + 2), System.Globalization.CultureInfo.InvariantCulture);
                    if (replacedVersion >= version && Inversions++ == 0)
                    {
                        FirstInversion = $"v{version} replaced v{replacedVersion}";
                    }
                    _lastAcknowledged = Math.Max(_lastAcknowledged, version);
                    if (_acksReached is not null && Acks >= _acksWanted)
                    {
                        (reached, _acksReached) = (_acksReached, null);
                    }
                }
                else if (Failures++ == 0)
                {
                    FirstFailure = $"v{version}: {error.GetType().Name}: {error.Message}";
                }
                drained = _stopping && _inFlight == 0;
            }
            reached?.TrySetResult();
            if (drained)
            {
                _drained.TrySetResult();
                return;
            }
            Refill();
        }
    }
}
