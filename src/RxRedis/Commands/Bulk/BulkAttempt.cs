namespace RxRedis.Commands.Bulk;

/// <summary>
/// Where a group of bulk items stands in their retries: the attempt being made (1-based, as in
/// <see cref="Resilience.RetryPolicy.Delay"/>), the redirects followed so far, and, in a cluster after a first
/// failure, the end of the <see cref="ClusterOptions.RetryWhileReconfiguring"/> window. The items of one queue
/// entry share it, so a whole chunk carries one, not one per item.
/// </summary>
internal readonly record struct BulkAttempt(int Number, int Redirects, DateTimeOffset? ReconfiguringUntil)
{
    /// <summary>An item's first send (a field, so the reply path passes it by reference without a copy).</summary>
    public static readonly BulkAttempt First = new(1, 0, null);

    /// <summary>The same attempt sent on to the node a <c>MOVED</c>/<c>ASK</c> reply named.</summary>
    public BulkAttempt Redirected() => this with { Redirects = Redirects + 1 };

    /// <summary>The next attempt after a retryable failure; the window, once started, is kept.</summary>
    public BulkAttempt Next(DateTimeOffset? reconfiguringUntil) => new(Number + 1, Redirects, ReconfiguringUntil ?? reconfiguringUntil);
}
