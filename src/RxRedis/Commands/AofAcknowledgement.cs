namespace RxRedis;

/// <summary>The reply of <c>WAITAOF</c>: how many servers fsynced the earlier writes to their append-only file.</summary>
/// <param name="Local">1 when the server itself fsynced them, else 0.</param>
/// <param name="Replicas">How many replicas acknowledged the fsync.</param>
public readonly record struct AofAcknowledgement(long Local, long Replicas);
