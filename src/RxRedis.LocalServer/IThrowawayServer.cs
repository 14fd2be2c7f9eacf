namespace RxRedis.LocalServer;

/// <summary>A server started for a demo or a notebook because none answered; stopped on dispose.</summary>
internal interface IThrowawayServer : IAsyncDisposable
{
    /// <summary>What it is and where it runs, for messages ("redis-server (pid 42)").</summary>
    string Description { get; }

    /// <summary>Its loopback port.</summary>
    int Port { get; }
}
