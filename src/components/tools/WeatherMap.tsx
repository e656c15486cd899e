import { useEffect } from 'react';
import { divIcon } from 'leaflet';
import { MapContainer, Marker, TileLayer, Tooltip, useMap } from 'react-leaflet';

export const TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
export const WORLD_VIEW = { center: [20, 0] as [number, number], zoom: 1 };
export const PLACE_ZOOM = 9;

// A CSS-drawn marker: no image to fetch, so it shows even when tiles and icons cannot load
// (and bundlers cannot break Leaflet's default icon URLs).
const PIN = divIcon({ className: 'weather-pin', html: '<span class="weather-pin__dot" data-testid="map-marker"></span>', iconSize: [18, 18], iconAnchor: [9, 9] });

export interface MapPlace {
  lat: number;
  lng: number;
  label: string;
}

function FollowPlace({ place }: { place: MapPlace | null }) {
  const map = useMap();
  useEffect(() => {
    if (place) map.setView([place.lat, place.lng], PLACE_ZOOM);
  }, [map, place]);
  return null;
}

/**
 * Leaflet measures its container once and on window resizes only: a map mounted in a hidden tab
 * (the phone layout's Tools) would stay 0×0 and load one corner of tiles when shown.
 */
function FollowSize() {
  const map = useMap();
  useEffect(() => {
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(map.getContainer());
    return () => observer.disconnect();
  }, [map]);
  return null;
}

export function WeatherMap({ place }: { place: MapPlace | null }) {
  return (
    <MapContainer className="weather-map" id="weather-map" center={WORLD_VIEW.center} zoom={WORLD_VIEW.zoom} scrollWheelZoom={false}>
      <TileLayer url={TILE_URL} attribution={TILE_ATTRIBUTION} />
      <FollowSize />
      <FollowPlace place={place} />
      {place && (
        <Marker position={[place.lat, place.lng]} icon={PIN}>
          <Tooltip permanent direction="top" offset={[0, -10]}>
            <span data-testid="map-label">{place.label}</span>
          </Tooltip>
        </Marker>
      )}
    </MapContainer>
  );
}
