using RxRedis.Commands;

namespace RxRedis.Resilience;

/// <summary>Announces a coming retry: the failed attempt (1-based), its error and the wait before the next one.</summary>
internal delegate void RetryNotification(int attempt, Exception error, TimeSpan delay);

/// <summary>Builds the <see cref="RetryNotification"/> that tells every hook of a client about a command's retries.</summary>
internal static class RetryNotifications
{
    /// <summary>The notification for <paramref name="command"/>, or null when there are no hooks to tell.</summary>
    public static RetryNotification? For(CommandInfo command, RedisOptions options)
    {
        var hooks = options.Hooks;
        if (hooks.Count == 0)
        {
            return null;
        }
        return (attempt, error, delay) =>
        {
            foreach (var hook in hooks)
            {
                // A hook that throws is reported and skipped; the retry and the other hooks go on.
                options.Callbacks.Hook(() => hook.OnRetry(command, attempt, error, delay), command.Name);
            }
        };
    }
}
