/** Where the entity page mounts the Ray tab, below the entity's own route; the card links to it. */
export const rayTabPath = '/ray';
