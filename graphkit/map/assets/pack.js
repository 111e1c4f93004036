// The map's data as graphkit.map.pack packed it: long lists of records written as columns, each
// repeated value once. unpackMap rebuilds the records map_data gave (missing fields stay missing;
// a value written once for many records is copied into each, so no two records share an object).
var graphkitPack = (function () {
  "use strict";

  var PACKED = [["relationships"], ["network", "nodes"], ["network", "edges"]];

  function copy(value) {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(copy);
    var out = {};
    for (var key in value) if (Object.prototype.hasOwnProperty.call(value, key)) out[key] = copy(value[key]);
    return out;
  }

  // `beside`: the records of the table whose columns {same: key} repeat (the relationships).
  function unpackTable(packed, beside) {
    var rows = packed.rows, records = new Array(rows), i;
    for (i = 0; i < rows; i++) records[i] = {};
    Object.keys(packed.columns).forEach(function (key) {
      var column = packed.columns[key], value;
      if (column.same) {
        for (i = 0; i < rows; i++) {
          value = beside[i][column.same];
          if (value !== undefined) records[i][key] = value;
        }
      } else if (column.like) {  // an earlier column's values (unpacked before this one)
        for (i = 0; i < rows; i++) {
          value = records[i][column.like];
          if (value !== undefined) records[i][key] = value;
        }
      } else if (column.joined) {  // texts packed as their parts: {"0": first, "1": second, ...}
        var parts = unpackTable(column.table);
        for (i = 0; i < rows; i++) {
          var text = [];
          for (var at = 0; parts[i][at] !== undefined; at++) text.push(parts[i][at]);
          if (at) records[i][key] = text.join(column.joined);
        }
      } else if (column.table) {
        var items = unpackTable(column.table), at = 0;
        for (i = 0; i < rows; i++) {
          var count = column.counts[i];
          if (count === null) continue;
          records[i][key] = items.slice(at, at + count);
          at += count;
        }
      } else if (column.distinct) {
        for (i = 0; i < rows; i++) {
          if (column.index[i] === null) continue;
          value = column.distinct[column.index[i]];
          records[i][key] = typeof value === "object" && value !== null ? copy(value) : value;
        }
      } else {
        for (i = 0; i < rows; i++) if (column.values[i] !== null) records[i][key] = column.values[i];
      }
    });
    return records;
  }

  function unpackMap(data) {
    PACKED.forEach(function (path) {
      var holder = data;
      for (var i = 0; i < path.length - 1; i++) holder = holder[path[i]];
      var last = path[path.length - 1];
      if (holder[last] && !Array.isArray(holder[last])) holder[last] = unpackTable(holder[last], data.relationships);
    });
    return data;
  }

  return { unpackMap: unpackMap, unpackTable: unpackTable };
})();
