import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { AddWarehouseRequestSchema } from '@repowiki/contracts';
import { catalogOf, insertWarehouse, listWarehouses, warehouseMap, warehousePage } from '@repowiki/db';
import { parseWarehouseAddress } from '@repowiki/runtime/ops';
import type { Request } from 'express';
import { System } from '../system.js';
import { ActionLog } from './action-log.js';
import { json, parseInput, uuidParam } from './parse.js';

/**
 * Repositories: list by status with their newest processing run and its progress; a detail with
 * the wiki's catalogue; pages and the mind map as stored (the browser sanitises and draws them);
 * add (as `tasks warehouse add`), reprocess (`process`) and reset (`reset`).
 */
@Controller('api/warehouses')
export class WarehousesController {
  constructor(
    @Inject(System) private readonly system: System,
    @Inject(ActionLog) private readonly actions: ActionLog,
  ) {}

  @Get()
  async list(@Query('status') status?: string) {
    return json(await listWarehouses(this.system.db, { status: status || undefined, limit: 500 }));
  }

  @Get(':id')
  async detail(@Param('id') id: string) {
    const [w] = await listWarehouses(this.system.db, { id: uuidParam(id), limit: 1 });
    if (!w) throw new NotFoundException(`no warehouse ${id}`);
    const [catalog, minimap] = await Promise.all([
      catalogOf(this.system.db, id),
      warehouseMap(this.system.db, id),
    ]);
    return json({ ...w, catalog, hasMinimap: minimap !== undefined });
  }

  /** One page by its catalog url (`tasks warehouse page <id> <url>` reads the same query). */
  @Get(':id/page')
  async page(@Param('id') id: string, @Query('url') url?: string) {
    if (!url) throw new BadRequestException('url: the page of which catalog entry?');
    const page = await warehousePage(this.system.db, uuidParam(id), url);
    if (!page) throw new NotFoundException('no such page');
    return json(page);
  }

  @Get(':id/minimap')
  async minimap(@Param('id') id: string) {
    const map = await warehouseMap(this.system.db, uuidParam(id));
    if (!map) throw new NotFoundException('no mind map yet');
    return map.value;
  }

  @Post()
  async add(@Body() body: unknown, @Req() req: Request) {
    const { address, branch } = parseInput(AddWarehouseRequestSchema, body);
    return this.actions.run(req, 'warehouse.add', { address, branch }, async () => {
      const parsed = parseWarehouseAddress(address);
      const warehouseId = await insertWarehouse(this.system.db, { ...parsed, branch, creatorId: null });
      const taskId = await this.system.client.submit('tasks.warehouse.process', { warehouseId });
      return { warehouseId, taskId };
    });
  }

  @Post(':id/reprocess')
  @HttpCode(200)
  async reprocess(@Param('id') id: string, @Req() req: Request) {
    const warehouseId = uuidParam(id);
    return this.actions.run(req, 'warehouse.reprocess', { warehouseId }, async () => ({
      taskId: await this.system.client.submit('tasks.warehouse.process', { warehouseId }),
    }));
  }

  @Post(':id/reset')
  @HttpCode(200)
  async reset(@Param('id') id: string, @Req() req: Request) {
    const warehouseId = uuidParam(id);
    return this.actions.run(req, 'warehouse.reset', { warehouseId }, async () => ({
      taskId: await this.system.client.submit('tasks.warehouse.reset', { warehouseId }),
    }));
  }
}
