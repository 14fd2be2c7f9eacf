using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using RxRedis.Extensions;

namespace RxRedis.AspNetCore.DataProtection;

/// <summary>
/// A Data Protection key ring in one Redis list, in the format of
/// <c>Microsoft.AspNetCore.DataProtection.StackExchangeRedis</c>: each element is one key's XML, serialized without
/// formatting and appended with <c>RPUSH</c>; reading is one <c>LRANGE 0 -1</c>. Apps on either package share a ring.
/// Unlike that package, elements can also be deleted (<see cref="IDeletableXmlRepository"/>).
/// Data Protection calls this type synchronously, so each call blocks on one round trip.
/// </summary>
public sealed class RxRedisXmlRepository : IDeletableXmlRepository
{
    private readonly Func<CancellationToken, ValueTask<RedisClient>> _client;
    private readonly string _key;

    /// <summary>A ring at <paramref name="key"/>, on the client <paramref name="provider"/> connects on first use.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    public RxRedisXmlRepository(RedisClientProvider provider, string key)
        : this(ValidatedKey(key))
    {
        ArgumentNullException.ThrowIfNull(provider);
        _client = provider.GetClientAsync;
    }

    /// <summary>A ring at <paramref name="key"/>, on a connected <paramref name="client"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    public RxRedisXmlRepository(RedisClient client, string key)
        : this(ValidatedKey(key))
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = _ => ValueTask.FromResult(client);
    }

    private RxRedisXmlRepository(string key)
    {
        _key = key;
        _client = null!;
    }

    /// <summary>The Redis key of the list that holds the ring.</summary>
    public string Key => _key;

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">An element of the list is not XML (the whole read fails, as an
    /// unreadable element may be a revocation).</exception>
    public IReadOnlyCollection<XElement> GetAllElements() =>
        ReadAsync().GetAwaiter().GetResult().Select(stored => stored.Element).ToArray();

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        StoreAsync(element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each chosen element is removed by its exact stored text (<c>LREM key 1 text</c>), in the order asked for; an
    /// element another instance already removed counts as deleted. The first failure stops the rest and returns false.
    /// </remarks>
    public bool DeleteElements(Action<IReadOnlyCollection<IDeletableElement>> chooseElements)
    {
        ArgumentNullException.ThrowIfNull(chooseElements);
        var snapshot = ReadAsync().GetAwaiter().GetResult();
        chooseElements(snapshot);
        var chosen = snapshot.Where(e => e.DeletionOrder is not null).OrderBy(e => e.DeletionOrder!.Value).ToArray();
        return DeleteAsync(chosen).GetAwaiter().GetResult();
    }

    private async Task<StoredElement[]> ReadAsync()
    {
        var client = await _client(CancellationToken.None).ConfigureAwait(false);
        var values = await client.LRange(_key);
        return values.Select((value, index) => new StoredElement(value.ToString(), Parse(value.ToString(), index))).ToArray();
    }

    private XElement Parse(string text, int index)
    {
        try
        {
            return XElement.Parse(text);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException(
                $"Element {index} of the Data Protection key ring at Redis key '{_key}' is not XML: {e.Message}", e);
        }
    }

    private async Task StoreAsync(string text)
    {
        var client = await _client(CancellationToken.None).ConfigureAwait(false);
        await client.RPush(_key, text);
    }

    private async Task<bool> DeleteAsync(IEnumerable<StoredElement> chosen)
    {
        var client = await _client(CancellationToken.None).ConfigureAwait(false);
        foreach (var element in chosen)
        {
            try
            {
                await client.Execute("LREM", _key, 1, element.Text).ToTask().ConfigureAwait(false);
            }
            catch (RedisException)
            {
                return false;
            }
        }
        return true;
    }

    private static string ValidatedKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return key;
    }

    /// <summary>An element as read, with the exact text it is stored as (what <c>LREM</c> must match).</summary>
    private sealed class StoredElement(string text, XElement element) : IDeletableElement
    {
        public string Text { get; } = text;

        public XElement Element { get; } = element;

        public int? DeletionOrder { get; set; }
    }
}
