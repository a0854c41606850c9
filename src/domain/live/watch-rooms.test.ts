import { describe, expect, it } from "vitest";
import { isWatchedRoom, MAX_WATCHED_ROOMS, watchRooms } from "./watch-rooms";

const id = "0b6d3c1e-8a4f-4c2b-9d7e-5f1a2b3c4d5e";

describe("what a live connection may watch", () => {
  it("gives the overview's room and the rooms of clusters named by id", () => {
    expect(watchRooms({ all: true })).toMatchObject({ rooms: ["clusters"] });
    expect(watchRooms({ clusterId: id })).toMatchObject({ rooms: [`cluster:${id}`] });
    expect(watchRooms({})).toMatchObject({ rooms: [] });
  });

  it("refuses anything but a cluster id, with the reason", () => {
    expect(watchRooms({ clusterId: "x".repeat(500_000) })).toEqual({
      error: "watch: clusterId: expected an id (a UUID)",
    });
    expect(watchRooms({ clusterId: `${id}:x` })).toHaveProperty("error");
    expect(watchRooms({ room: "admin" })).toHaveProperty("error");
    expect(watchRooms({ clusterId: id, after: "not-an-id" })).toHaveProperty("error");
    expect(watchRooms("clusters")).toHaveProperty("error");
    expect(watchRooms(null)).toHaveProperty("error");
  });

  it("caps the rooms of one connection; watching a room again costs nothing", () => {
    const watching = new Set(Array.from({ length: MAX_WATCHED_ROOMS }, (_, i) => `cluster:${i}`));
    expect(watchRooms({ all: true }, watching)).toEqual({
      error: `watch: at most ${MAX_WATCHED_ROOMS} rooms per connection; unwatch some first`,
    });
    expect(watchRooms({}, watching)).toMatchObject({ rooms: [] });
    const full = new Set([...[...watching].slice(1), `cluster:${id}`]);
    expect(watchRooms({ clusterId: id }, full)).toMatchObject({ rooms: [`cluster:${id}`] });
  });

  it("tells watched rooms from a connection's own rooms", () => {
    expect(isWatchedRoom("clusters")).toBe(true);
    expect(isWatchedRoom(`cluster:${id}`)).toBe(true);
    expect(isWatchedRoom("role:ADMIN")).toBe(false);
  });
});
