import { apiBlob } from "../api/client";

/** Saves a file the API serves (it needs the bearer token, so a plain link cannot fetch it). */
export async function download(path: string, fallbackName: string): Promise<void> {
  const { blob, fileName } = await apiBlob(path);
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
