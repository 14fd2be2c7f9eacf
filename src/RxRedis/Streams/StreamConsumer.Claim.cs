using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Threading.Tasks;

namespace RxRedis.Streams;

// The claim loop: every ClaimInterval on the client's scheduler, XAUTOCLAIM takes over entries that other
// (crashed or stuck) consumers left pending at least ClaimMinIdle, and delivers them through the same observable.
// https://redis.io/docs/latest/commands/xautoclaim/
internal sealed partial class StreamConsumer
{
    private readonly SerialDisposable _claimTimer = new();
    private int _claiming;

    private void StartClaiming()
    {
        if (_options.ClaimMinIdle is not null)
        {
            ScheduleClaim();
        }
    }

    private void ScheduleClaim() => _claimTimer.Disposable = Scheduler.Schedule(_options.ClaimInterval, OnClaimTick);

    /// <summary>
    /// The next tick is scheduled first, so ticks fall at exact multiples of the interval however long a claim
    /// takes; a tick that finds the previous claim still running (or the group not yet created) does nothing.
    /// Runs on the scheduler's thread: the claim itself continues on the thread pool.
    /// </summary>
    private void OnClaimTick()
    {
        if (Stopping.IsCancellationRequested)
        {
            return;
        }
        ScheduleClaim();
        if (_prepared && Interlocked.Exchange(ref _claiming, 1) == 0)
        {
            _ = ClaimAsync(Stopping);
        }
    }

    /// <summary>Pages through the group's pending list from <c>0-0</c> until the cursor comes back to <c>0-0</c>.</summary>
    private async Task ClaimAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var cursor = PendingStart;
                do
                {
                    var claimed = await Client.XAutoClaim(_stream, _group, _consumer, _options.ClaimMinIdle!.Value, cursor, _options.BatchSize)
                        .ToTask(cancellationToken).ConfigureAwait(false);
                    await DeliverBatchAsync(claimed.Claimed, StreamDelivery.Claimed, cancellationToken).ConfigureAwait(false);
                    cursor = claimed.NextId;
                }
                while (cursor != PendingStart && !cancellationToken.IsCancellationRequested);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed while claiming: whatever was claimed but not delivered stays in this consumer's pending list.
        }
        catch (SubscriberException e)
        {
            Fail(e.InnerException!);
        }
        catch (Exception e) when (IsTransient(e))
        {
            // XAUTOCLAIM is not idempotent either: a claim whose reply was lost may have moved entries into this
            // consumer's pending list. The read loop re-reads that list; the next tick claims again.
            Volatile.Write(ref _recoverPending, 1);
        }
        catch (Exception e)
        {
            Fail(Describe(e));
        }
        finally
        {
            Volatile.Write(ref _claiming, 0);
        }
    }

    protected override void Stop()
    {
        _claimTimer.Dispose();
        base.Stop();
    }
}
