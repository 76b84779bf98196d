import { ResponseError } from '@backstage/errors';

/**
 * The error the client throws for a refusal of the backend: a JSON body in
 * Backstage's error shape, read by ResponseError as fetch would hand it.
 */
export async function backendError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}
