namespace RxRedis.Cli.Demo;

/// <summary>A server the demo started for itself because none answered; stopped when the demo ends.</summary>
internal interface IDemoServer : IAsyncDisposable
{
    /// <summary>What it is and where it runs, for the console ("redis-server (pid 42)").</summary>
    string Description { get; }

    /// <summary>Its loopback port.</summary>
    int Port { get; }
}
