namespace RxRedis.Tests.Resilience;

/// <summary>A random source that always returns the same fraction, so jittered waits are exact.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
