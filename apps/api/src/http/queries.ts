import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

/** `asOf` (a date) or `position` (of the log): an answer as the programme stood then. */
export const AsOfQuery = () =>
  applyDecorators(
    ApiQuery({ name: 'asOf', required: false, description: 'a date, YYYY-MM-DD: the figures as they stood at its end' }),
    ApiQuery({ name: 'position', required: false, description: 'a log position: the figures as the log stood there' }),
  );

/** Paging: `limit` items, from the `cursor` the previous page's `next` gave. */
export const PageQuery = () => applyDecorators(ApiQuery({ name: 'limit', required: false }), ApiQuery({ name: 'cursor', required: false }));
