using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxRedis.IntegrationTests.Infrastructure;

namespace RxRedis.IntegrationTests.Transport;

/// <summary>TLS against Debian's redis-server built with TLS, using certificates the fixture makes.</summary>
public sealed class TlsTests(TlsServerFixture fixture) : IClassFixture<TlsServerFixture>
{
    private TestCertificates Certificates => fixture.Certificates;

    private RedisOptions Options(int port, string host = RedisServerProcess.Host) => new()
    {
        EndPoint = RedisEndPoint.Tcp(host, port),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Tls = new RedisTlsOptions { Enabled = true, CaCertificateFile = Certificates.CaFile },
    };

    [Theory]
    [InlineData(RedisServerProcess.Host)]
    [InlineData("localhost")]
    public async Task Set_then_get_over_tls_with_the_ca_file(string host)
    {
        await using var client = await RedisClient.ConnectAsync(Options(fixture.TlsPort, host));
        Assert.True(await client.Set("tls:" + host, "secret"));
        Assert.Equal("secret", (await client.Get("tls:" + host)).ToString());
    }

    [Fact]
    public async Task A_rediss_connection_string_turns_tls_on()
    {
        var url = $"rediss://localhost:{fixture.TlsPort}/0?tlsCaCert={Uri.EscapeDataString(Certificates.CaFile)}";
        await using var client = await RedisClient.ConnectAsync(url);
        Assert.StartsWith("rediss://", client.Options.ToString(), StringComparison.Ordinal);
        Assert.True(await client.Set("tls:url", "1"));
        Assert.Equal("1", (await client.Get("tls:url")).ToString());
    }

    [Fact]
    public async Task Many_pipelined_commands_and_a_large_value_go_through_tls()
    {
        await using var client = await RedisClient.ConnectAsync(Options(fixture.TlsPort));
        var big = new string('x', 1_000_000);
        await client.Set("tls:big", big);
        Assert.Equal(big, (await client.Get("tls:big")).ToString());
        var sets = Enumerable.Range(0, 5_000).Select(i => client.Set($"tls:many:{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToTask());
        Assert.All(await Task.WhenAll(sets), Assert.True);
    }

    [Fact]
    public async Task A_wrong_ca_fails_naming_the_certificate_problem()
    {
        using var other = TestCertificates.Create("Some Other CA");
        var options = Options(fixture.TlsPort);
        options.Tls.CaCertificateFile = other.CaFile;
        var e = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));
        Assert.Equal(CommandOutcome.NotSent, e.Outcome);
        Assert.Contains("TLS handshake", e.Message, StringComparison.Ordinal);
        Assert.Contains($"does not chain to a CA in '{other.CaFile}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("CN=RxRedis Test CA", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_ca_file_an_untrusted_server_fails_pointing_at_the_setting()
    {
        var options = Options(fixture.TlsPort);
        options.Tls.CaCertificateFile = null;
        var e = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));
        Assert.Contains("does not chain to a root this machine trusts", e.Message, StringComparison.Ordinal);
        Assert.Contains("Tls.CaCertificateFile", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_server_certificate_fails_saying_it_expired_not_that_it_does_not_chain()
    {
        using var expired = TestCertificates.Create("RxRedis Expired Test CA", serverExpired: true);
        var tlsPort = FreePort.Next();
        await using var server = await RedisServerProcess.StartAsync(TlsServerFixture.ServerOptions(expired, tlsPort, "no"));
        var options = Options(tlsPort);
        options.Tls.CaCertificateFile = expired.CaFile;

        var e = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));

        Assert.Contains("TLS handshake", e.Message, StringComparison.Ordinal);
        Assert.Matches(@"it expired on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", e.Message);
        Assert.DoesNotContain("does not chain", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tls_client_pointed_at_a_plaintext_port_is_told_so()
    {
        var options = Options(fixture.Server.Port); // the server's plain port, not its tls-port
        options.ConnectTimeout = TimeSpan.FromSeconds(3);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));

        Assert.Contains("plaintext", e.Message, StringComparison.Ordinal);
        Assert.Contains("tls-port", e.Message, StringComparison.Ordinal);
        Assert.Equal(CommandOutcome.NotSent, e.Outcome);
        Assert.True(clock.Elapsed < options.ConnectTimeout, $"took {clock.Elapsed.TotalMilliseconds:0} ms: it waited for the connect timeout");
    }

    [Fact]
    public async Task A_host_name_mismatch_fails_naming_the_certificates_names()
    {
        var options = Options(fixture.TlsPort);
        options.Tls.TargetHost = "redis.example.com";
        var e = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));
        Assert.Contains("not for 'redis.example.com'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'localhost'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'127.0.0.1'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("chain", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_name_check_can_be_turned_off()
    {
        var options = Options(fixture.TlsPort);
        options.Tls.TargetHost = "redis.example.com";
        options.Tls.CheckCertificateName = false;
        await using var client = await RedisClient.ConnectAsync(options);
        Assert.Equal("PONG", (await client.Execute("PING")).AsString());
    }

    [Fact]
    public async Task A_validation_callback_replaces_the_built_in_check()
    {
        var options = Options(fixture.TlsPort);
        options.Tls.CaCertificateFile = null;
        var calls = 0;
        options.Tls.ServerCertificateValidation = (_, certificate, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return certificate?.Subject == "CN=localhost";
        };
        await using var client = await RedisClient.ConnectAsync(options);
        Assert.Equal("PONG", (await client.Execute("PING")).AsString());
        Assert.Equal(1, calls);

        options.Tls.ServerCertificateValidation = (_, _, _, _) => false;
        var e = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));
        Assert.Contains("rejected by Tls.ServerCertificateValidation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutual_tls_works_with_a_pem_client_certificate()
    {
        var options = Options(fixture.MutualTlsPort);
        options.Tls.ClientCertificateFile = Certificates.ClientCertFile;
        options.Tls.ClientKeyFile = Certificates.ClientKeyFile;
        await using var client = await RedisClient.ConnectAsync(options);
        Assert.True(await client.Set("mtls:pem", "ok"));
        Assert.Equal("ok", (await client.Get("mtls:pem")).ToString());
    }

    [Fact]
    public async Task Mutual_tls_works_with_a_pfx_client_certificate()
    {
        var options = Options(fixture.MutualTlsPort);
        options.Tls.ClientCertificateFile = Certificates.ClientPfxFile;
        options.Tls.ClientCertificatePassword = TestCertificates.PfxPassword;
        await using var client = await RedisClient.ConnectAsync(options);
        Assert.Equal("PONG", (await client.Execute("PING")).AsString());
    }

    [Fact]
    public async Task Mutual_tls_works_with_a_certificate_object()
    {
        using var certificate = Certificates.LoadClientCertificate();
        var options = Options(fixture.MutualTlsPort);
        options.Tls.ClientCertificate = certificate;
        await using var client = await RedisClient.ConnectAsync(options);
        Assert.Equal("PONG", (await client.Execute("PING")).AsString());
    }

    [Fact]
    public async Task A_server_that_requires_a_client_certificate_refuses_a_client_without_one()
    {
        // Under TLS 1.3 the server rejects the missing certificate after the client's handshake has finished, so
        // the refusal shows as a reset during the Redis handshake, which the connection layer does not wrap yet.
        var e = await Assert.ThrowsAnyAsync<Exception>(() => RedisClient.ConnectAsync(Options(fixture.MutualTlsPort)));
        Assert.True(e is RedisConnectionException or IOException, e.ToString());
    }

    [Fact]
    public async Task A_missing_ca_file_fails_naming_the_file()
    {
        var options = Options(fixture.TlsPort);
        options.Tls.CaCertificateFile = Path.Combine(Certificates.Directory, "missing.pem");
        var e = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));
        Assert.Contains("missing.pem", e.Message, StringComparison.Ordinal);
    }
}
