namespace RxRedis.Commands;

/// <summary>Builds the expiry clauses shared by <c>SET</c> and <c>GETEX</c>, validating them at the call.</summary>
internal static class ExpiryArguments
{
    public static void Add(List<RedisValue> args, TimeSpan? expiry, DateTimeOffset? expireAt, string optionsName)
    {
        if (expiry is { } ttl && expireAt is not null)
        {
            throw new ArgumentException("Set either Expiry or ExpireAt, not both.", optionsName);
        }
        if (expiry is { } relative)
        {
            Arguments.Positive(relative, $"{optionsName}.{nameof(SetOptions.Expiry)}");
            if (Arguments.IsWholeSeconds(relative))
            {
                args.Add("EX");
                args.Add((long)relative.TotalSeconds);
            }
            else
            {
                args.Add("PX");
                args.Add((long)Math.Ceiling(relative.TotalMilliseconds));
            }
        }
        else if (expireAt is { } absolute)
        {
            var ms = absolute.ToUnixTimeMilliseconds();
            if (ms <= 0)
            {
                throw new ArgumentOutOfRangeException($"{optionsName}.{nameof(SetOptions.ExpireAt)}", absolute, "The expiry time must be after 1970-01-01.");
            }
            if (ms % 1000 == 0)
            {
                args.Add("EXAT");
                args.Add(ms / 1000);
            }
            else
            {
                args.Add("PXAT");
                args.Add(ms);
            }
        }
    }
}
