namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>An ACL user created at server start: <c>user NAME on &gt;PASSWORD RULES...</c>.</summary>
/// <param name="Name">The user name.</param>
/// <param name="Password">The user's password.</param>
/// <param name="Rules">ACL rules such as <c>~*</c>, <c>+@all</c>, <c>-flushall</c>; each one a separate item.</param>
public sealed record RedisAclUser(string Name, string Password, IReadOnlyList<string> Rules);
