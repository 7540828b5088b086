using System.Text.Json.Nodes;

namespace Directory.Tests.Importing;

/// <summary>Small HSDS 3.0 feeds built in code, so each test shows the difference it makes.</summary>
public static class Feeds
{
    /// <summary>A service record: organization, one location in the given comune, weekly hours, a phone, languages, a category.</summary>
    public static JsonObject Service(string id, string name, string organizationId = "org-1", string city = "Prato", string? province = "PO",
        double? latitude = 43.88, double? longitude = 11.1, string description = "Descrizione", string locationId = "")
    {
        var location = new JsonObject
        {
            ["id"] = locationId.Length > 0 ? locationId : "loc-" + id,
            ["name"] = "Sede " + name,
            ["addresses"] = new JsonArray(new JsonObject
            {
                ["id"] = "addr-" + id,
                ["address_1"] = "Via Roma 1",
                ["city"] = city,
                ["state_province"] = province,
                ["postal_code"] = "59100",
                ["address_type"] = "physical",
            }),
        };
        if (latitude is not null)
        {
            location["latitude"] = latitude;
            location["longitude"] = longitude;
        }

        return new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["description"] = description,
            ["status"] = "active",
            ["languages"] = new JsonArray(new JsonObject { ["id"] = "l-" + id, ["code"] = "it" }, new JsonObject { ["id"] = "l2-" + id, ["code"] = "en" }),
            ["attributes"] = new JsonArray(new JsonObject { ["id"] = "a-" + id, ["taxonomy_term"] = new JsonObject { ["id"] = "t", ["code"] = "information.migrant-desk" } }),
            ["phones"] = new JsonArray(new JsonObject { ["id"] = "p-" + id, ["number"] = "+39 0574 000000", ["type"] = "voice" }),
            ["organization"] = new JsonObject { ["id"] = organizationId, ["name"] = "Ente " + organizationId },
            ["service_at_locations"] = new JsonArray(new JsonObject
            {
                ["id"] = "sal-" + id,
                ["schedules"] = new JsonArray(new JsonObject { ["id"] = "s-" + id, ["freq"] = "WEEKLY", ["byday"] = "MO,WE", ["opens_at"] = "09:00", ["closes_at"] = "12:00" }),
                ["location"] = location,
            }),
        };
    }

    public static string Array(params JsonObject[] services) => new JsonArray([.. services.Select(s => s.DeepClone())]).ToJsonString();

    /// <summary>Three services of two organizations (so batches of two split them).</summary>
    public static JsonObject[] Three() =>
    [
        Service("svc-1", "Sportello uno"),
        Service("svc-2", "Sportello due", organizationId: "org-2", city: "Pisa", province: "PI", latitude: null),
        Service("svc-3", "Sportello tre"),
    ];
}
