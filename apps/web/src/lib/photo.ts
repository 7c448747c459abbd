/**
 * The API refuses larger photos (MAX_OBSERVATION_PHOTO_BYTES in the contracts; the dashboard imports contracts as
 * types only, so the number is repeated here and the API's 413 is the authority).
 */
const MAX_OBSERVATION_PHOTO_BYTES = 512 * 1024;

/** A scouting photo's longest side after resizing: enough to see a lesion or an insect, small enough to queue. */
const MAX_SIDE_PX = 1600;

function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",")[1] ?? "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/**
 * The photo resized on the device (longest side at most 1600 px) and re-encoded as JPEG, lowering quality and
 * then size until it fits the API's cap, so a 12-megapixel camera photo can wait in the queue and upload on a
 * weak connection.
 */
export async function resizePhoto(
  file: Blob,
): Promise<{ type: "image/jpeg"; dataBase64: string; bytes: number }> {
  const bitmap = await createImageBitmap(file);
  let side = Math.min(MAX_SIDE_PX, Math.max(bitmap.width, bitmap.height));
  try {
    for (let attempt = 0; attempt < 8; attempt++) {
      const scale = side / Math.max(bitmap.width, bitmap.height);
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      for (const quality of [0.82, 0.7, 0.55]) {
        const blob = await new Promise<Blob | null>((resolve) =>
          canvas.toBlob(resolve, "image/jpeg", quality),
        );
        if (blob && blob.size <= MAX_OBSERVATION_PHOTO_BYTES)
          return { type: "image/jpeg", dataBase64: await blobToBase64(blob), bytes: blob.size };
      }
      side = Math.round(side * 0.75);
    }
  } finally {
    bitmap.close();
  }
  throw new Error("the photo could not be made small enough");
}
