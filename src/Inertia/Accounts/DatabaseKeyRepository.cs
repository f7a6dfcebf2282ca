using System.Xml.Linq;
using Dapper;
using Inertia.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Inertia.Accounts;

/// <summary>
/// ASP.NET Core Data Protection keys (they encrypt session and antiforgery cookies) stored in Inertia's own database:
/// a restart keeps everyone signed in, and nodes sharing one PostgreSQL database accept each other's cookies with no
/// shared folder to set up. The framework calls this rarely (start, key rotation), and synchronously.
/// </summary>
public sealed class DatabaseKeyRepository(Database db) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = db.OpenAsync().GetAwaiter().GetResult();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at")
            .Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = db.OpenAsync().GetAwaiter().GetResult();
        connection.Execute(
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @now) ON CONFLICT (name) DO NOTHING",
            new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = Micros.From(DateTimeOffset.UtcNow) });
    }
}
